-- Guides (issue 13, "Reaching everyone"): illustrated step-by-step guides to common services,
-- in Indonesian and English, each step with a plain-language text ("Bacaan mudah") and a
-- pictogram from the built-in set; a guide may belong to an agency and point at one of its
-- services (the service page links to it). Display settings (large text, high contrast,
-- low-data mode) are kept per person so they follow the citizen to every device.
CREATE TABLE guides (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT NOT NULL UNIQUE,
    agency_id   TEXT,
    service_id  TEXT,
    title_id    TEXT NOT NULL,
    title_en    TEXT NOT NULL DEFAULT '',
    summary_id  TEXT NOT NULL DEFAULT '',
    summary_en  TEXT NOT NULL DEFAULT '',
    updated_at  INTEGER NOT NULL
);
CREATE INDEX guides_service ON guides (service_id);

CREATE TABLE guide_steps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guide_id    INTEGER NOT NULL REFERENCES guides(id),
    position    INTEGER NOT NULL,
    icon        TEXT NOT NULL,
    heading_id  TEXT NOT NULL,
    heading_en  TEXT NOT NULL DEFAULT '',
    body_id     TEXT NOT NULL,
    body_en     TEXT NOT NULL DEFAULT '',
    easy_id     TEXT NOT NULL DEFAULT '',
    easy_en     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX guide_steps_guide ON guide_steps (guide_id, position);

CREATE TABLE display_settings (
    user_id       INTEGER PRIMARY KEY REFERENCES users(id),
    large_text    INTEGER NOT NULL DEFAULT 0,
    high_contrast INTEGER NOT NULL DEFAULT 0,
    low_data      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL
);
