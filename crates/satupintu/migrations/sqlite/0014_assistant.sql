-- The virtual assistant: conversations (on the web, through the API, or from a messaging
-- gateway) and their messages. Conversations hold personal data: only their owner and the
-- officers handling a handover read them, and they are deleted on request or after the
-- retention period.
CREATE TABLE assistant_conversations (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER REFERENCES users(id),
    channel      TEXT NOT NULL,
    -- For gateways: a hash of the chat's address on that channel.
    external_key TEXT,
    lang         TEXT NOT NULL,
    -- bot, waiting (for an officer), live (an officer answers), closed
    status       TEXT NOT NULL,
    agency_id    TEXT,
    officer_id   INTEGER REFERENCES users(id),
    -- What the assistant is in the middle of (a clarifying question, a form being filled).
    state        TEXT NOT NULL,
    handoff_at   INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX assistant_conversations_external ON assistant_conversations(channel, external_key);
CREATE INDEX assistant_conversations_user ON assistant_conversations(user_id, updated_at);
CREATE INDEX assistant_conversations_queue ON assistant_conversations(status, handoff_at);

CREATE TABLE assistant_messages (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES assistant_conversations(id) ON DELETE CASCADE,
    author          TEXT NOT NULL,
    author_id       INTEGER REFERENCES users(id),
    text            TEXT NOT NULL,
    intent          TEXT,
    service_id      TEXT,
    -- How sure the assistant was of what it understood, in thousandths.
    confidence      INTEGER,
    actions         TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX assistant_messages_conversation ON assistant_messages(conversation_id, id);
