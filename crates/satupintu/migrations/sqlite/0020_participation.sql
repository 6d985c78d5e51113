-- E-participation: citizens' ideas with supports, comments for and against, an official answer
-- once an idea passes the support threshold; reports and moderation of ideas and comments;
-- participatory budgeting (processes, projects, secret ballots kept apart from who voted);
-- accountability items that follow adopted ideas and winning projects to completion; public
-- consultations on draft regulations; polls.
CREATE TABLE part_ideas (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id         INTEGER NOT NULL REFERENCES users(id),
    title             TEXT NOT NULL,
    body              TEXT NOT NULL,
    category          TEXT NOT NULL,
    agency_id         TEXT,
    region            TEXT NOT NULL DEFAULT '',
    -- open, awaiting_answer, answered
    status            TEXT NOT NULL DEFAULT 'open',
    supports          INTEGER NOT NULL DEFAULT 0,
    -- accepted, rejected, studying
    answer            TEXT,
    answer_text       TEXT,
    answered_by       INTEGER REFERENCES users(id),
    answered_at       INTEGER,
    -- visible, hidden (waiting for review), removed
    visibility        TEXT NOT NULL DEFAULT 'visible',
    moderation_reason TEXT NOT NULL DEFAULT '',
    reports           INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);
CREATE INDEX part_ideas_status ON part_ideas(status, agency_id);

CREATE TABLE part_supports (
    idea_id    INTEGER NOT NULL REFERENCES part_ideas(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);

CREATE TABLE part_comments (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id           INTEGER NOT NULL REFERENCES part_ideas(id),
    author_id         INTEGER NOT NULL REFERENCES users(id),
    -- for, against, neutral
    stance            TEXT NOT NULL,
    body              TEXT NOT NULL,
    visibility        TEXT NOT NULL DEFAULT 'visible',
    moderation_reason TEXT NOT NULL DEFAULT '',
    reports           INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);
CREATE INDEX part_comments_of ON part_comments(idea_id, id);

-- One report per person per item; `kind` is idea or comment.
CREATE TABLE part_reports (
    kind        TEXT NOT NULL,
    item_id     INTEGER NOT NULL,
    reporter_id INTEGER NOT NULL REFERENCES users(id),
    reason      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (kind, item_id, reporter_id)
);

-- Every moderation act: automatic hiding (no actor), restoring, removing.
CREATE TABLE part_moderation (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT NOT NULL,
    item_id  INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    action   TEXT NOT NULL,
    reason   TEXT NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX part_moderation_item ON part_moderation(kind, item_id);

CREATE TABLE part_pb_processes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    region          TEXT NOT NULL,
    total_budget    INTEGER NOT NULL,
    voter_limit     INTEGER NOT NULL,
    -- proposing, reviewing, voting, results
    phase           TEXT NOT NULL DEFAULT 'proposing',
    -- YYYY-MM-DD: the planned end of each phase (shown to citizens)
    proposing_until TEXT NOT NULL DEFAULT '',
    reviewing_until TEXT NOT NULL DEFAULT '',
    voting_until    TEXT NOT NULL DEFAULT '',
    ballots_hash    TEXT,
    created_at      INTEGER NOT NULL
);

CREATE TABLE part_pb_projects (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    process_id    INTEGER NOT NULL REFERENCES part_pb_processes(id),
    author_id     INTEGER NOT NULL REFERENCES users(id),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    cost          INTEGER NOT NULL,
    -- proposed, feasible, unfeasible
    status        TEXT NOT NULL DEFAULT 'proposed',
    review_reason TEXT NOT NULL DEFAULT '',
    votes         INTEGER NOT NULL DEFAULT 0,
    winner        INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX part_pb_projects_of ON part_pb_projects(process_id, id);

-- Who has voted (no choice here) ...
CREATE TABLE part_pb_voters (
    process_id INTEGER NOT NULL REFERENCES part_pb_processes(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (process_id, user_id)
);

-- ... and the ballots, keyed by the hash of a random receipt only the voter holds (no voter,
-- no time: nothing links a ballot to a person).
CREATE TABLE part_pb_ballots (
    process_id   INTEGER NOT NULL REFERENCES part_pb_processes(id),
    receipt_hash TEXT NOT NULL,
    -- chosen project ids, ascending, comma-separated
    projects     TEXT NOT NULL,
    PRIMARY KEY (process_id, receipt_hash)
);

CREATE TABLE part_accountability (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- idea or project
    source_kind TEXT NOT NULL,
    source_id   INTEGER NOT NULL,
    title       TEXT NOT NULL,
    -- planned, in_progress, done
    status      TEXT NOT NULL DEFAULT 'planned',
    progress    INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (source_kind, source_id)
);

CREATE TABLE part_accountability_updates (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id  INTEGER NOT NULL REFERENCES part_accountability(id),
    status   TEXT NOT NULL,
    progress INTEGER NOT NULL,
    note     TEXT NOT NULL,
    actor_id INTEGER REFERENCES users(id),
    at       INTEGER NOT NULL
);
CREATE INDEX part_accountability_updates_of ON part_accountability_updates(item_id, id);

-- Public consultations on draft regulations: a draft split into numbered paragraphs (pasal and
-- ayat), citizens' comments on one paragraph each (for, against, neutral), and the agency's
-- response summary once it closes.
CREATE TABLE part_consultations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT NOT NULL,
    agency_id   TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    -- YYYY-MM-DD, in the agency's time zone; comments are taken from opens_on to closes_on
    opens_on    TEXT NOT NULL,
    closes_on   TEXT NOT NULL,
    response    TEXT,
    response_at INTEGER,
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  INTEGER NOT NULL
);

CREATE TABLE part_paragraphs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id INTEGER NOT NULL REFERENCES part_consultations(id),
    position        INTEGER NOT NULL,
    label           TEXT NOT NULL,
    body            TEXT NOT NULL
);
CREATE INDEX part_paragraphs_of ON part_paragraphs(consultation_id, position);

CREATE TABLE part_paragraph_comments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id INTEGER NOT NULL REFERENCES part_consultations(id),
    paragraph_id    INTEGER NOT NULL REFERENCES part_paragraphs(id),
    author_id       INTEGER NOT NULL REFERENCES users(id),
    stance          TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX part_paragraph_comments_of ON part_paragraph_comments(consultation_id, paragraph_id, id);

-- Polls: one answer per verified person; who answered is kept apart from the counts.
CREATE TABLE part_polls (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    question     TEXT NOT NULL,
    agency_id    TEXT,
    closes_on    TEXT NOT NULL,
    closed_at    INTEGER,
    created_at   INTEGER NOT NULL
);

CREATE TABLE part_poll_options (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    poll_id  INTEGER NOT NULL REFERENCES part_polls(id),
    position INTEGER NOT NULL,
    label    TEXT NOT NULL,
    votes    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX part_poll_options_of ON part_poll_options(poll_id, position);

CREATE TABLE part_poll_voters (
    poll_id INTEGER NOT NULL REFERENCES part_polls(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (poll_id, user_id)
);
