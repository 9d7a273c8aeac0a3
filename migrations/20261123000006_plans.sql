-- Development plans: one POP per participant, one GOP per intervision group.
-- Every upload or typed text is a new version; nothing is deleted. The file bytes
-- live in the database so one backup holds them consistently with their rows.
CREATE TABLE plans (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT    NOT NULL CHECK (kind IN ('pop', 'gop')),
    cohort_id      INTEGER NOT NULL REFERENCES cohorts (id),
    participant_id INTEGER UNIQUE REFERENCES users (id),
    group_id       INTEGER UNIQUE REFERENCES intervision_groups (id),
    -- concept: a version waits to be handed in; ingediend: waits for a trainer;
    -- revisie: the trainer asked for a new version; goedgekeurd: locked.
    status         TEXT    NOT NULL DEFAULT 'concept' CHECK (status IN ('concept', 'ingediend', 'revisie', 'goedgekeurd')),
    decided_by     INTEGER REFERENCES users (id),
    decided_at     TEXT,
    created_at     TEXT    NOT NULL,
    CHECK ((kind = 'pop') = (participant_id IS NOT NULL)),
    CHECK ((kind = 'gop') = (group_id IS NOT NULL))
);
CREATE INDEX plans_by_cohort ON plans (cohort_id, status);

-- A stored file: a plan version's upload or a trainer's feedback attachment.
CREATE TABLE stored_files (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    file_name   TEXT    NOT NULL,
    media_type  TEXT    NOT NULL,
    size_bytes  INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256      TEXT    NOT NULL,
    content     BLOB    NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    uploaded_at TEXT    NOT NULL
);

CREATE TABLE plan_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id      INTEGER NOT NULL REFERENCES plans (id),
    number       INTEGER NOT NULL,
    file_id      INTEGER REFERENCES stored_files (id),
    -- A plan typed in the app instead of a file.
    body         TEXT,
    author_id    INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT    NOT NULL,
    submitted_at TEXT,
    UNIQUE (plan_id, number),
    CHECK ((file_id IS NULL) <> (body IS NULL))
);

-- A trainer's decision on a version, with written feedback (and optionally a file);
-- also a reopening of an approved plan.
CREATE TABLE plan_feedback (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    version_id INTEGER NOT NULL REFERENCES plan_versions (id),
    trainer_id INTEGER NOT NULL REFERENCES users (id),
    decision   TEXT    NOT NULL CHECK (decision IN ('revisie', 'goedgekeurd', 'heropend')),
    comment    TEXT    NOT NULL,
    file_id    INTEGER REFERENCES stored_files (id),
    created_at TEXT    NOT NULL
);
CREATE INDEX plan_feedback_by_version ON plan_feedback (version_id);
