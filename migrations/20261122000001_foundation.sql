-- Foundation schema: people, cohorts, invitations, hour log and audit trail.
-- Dates are ISO-8601 text (YYYY-MM-DD), timestamps RFC 3339 UTC text, so the
-- same SQL ports to PostgreSQL with date/timestamptz columns later.

CREATE TABLE cohorts (
    id                             INTEGER PRIMARY KEY,
    name                           TEXT    NOT NULL UNIQUE,
    starts_on                      TEXT    NOT NULL,
    ends_on                        TEXT    NOT NULL,
    -- Requirements are stored in quarter hours (60 h = 240) so sums stay exact.
    learning_quarters_required     INTEGER NOT NULL DEFAULT 240 CHECK (learning_quarters_required > 0),
    practice_quarters_required     INTEGER NOT NULL DEFAULT 240 CHECK (practice_quarters_required > 0),
    -- Thresholds for the attendance issue: minimum share of sessions attended, in percent.
    lesson_attendance_percent      INTEGER NOT NULL DEFAULT 80 CHECK (lesson_attendance_percent BETWEEN 0 AND 100),
    intervision_attendance_percent INTEGER NOT NULL DEFAULT 80 CHECK (intervision_attendance_percent BETWEEN 0 AND 100),
    created_at                     TEXT    NOT NULL,
    CHECK (ends_on >= starts_on)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('deelnemer', 'trainer', 'coordinator')),
    organisation  TEXT    CHECK (organisation IN ('vrijwilligersacademie', 'hva')),
    -- Participants belong to exactly one cohort; trainers link through cohort_trainers.
    cohort_id     INTEGER REFERENCES cohorts (id),
    -- NULL until the invitation has been accepted.
    password_hash TEXT,
    created_at    TEXT    NOT NULL,
    CHECK (role <> 'deelnemer' OR cohort_id IS NOT NULL),
    CHECK (role <> 'trainer' OR organisation IS NOT NULL)
);

CREATE TABLE cohort_trainers (
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id),
    trainer_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (cohort_id, trainer_id)
);
CREATE INDEX cohort_trainers_by_trainer ON cohort_trainers (trainer_id);

CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    -- Only a SHA-256 of the token is stored: a database leak does not leak live links.
    token_hash TEXT    NOT NULL UNIQUE,
    expires_at TEXT    NOT NULL,
    used_at    TEXT,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT    NOT NULL
);
CREATE INDEX invitations_by_user ON invitations (user_id);

CREATE TABLE hour_entries (
    id               INTEGER PRIMARY KEY,
    participant_id   INTEGER NOT NULL REFERENCES users (id),
    cohort_id        INTEGER NOT NULL REFERENCES cohorts (id),
    worked_on        TEXT    NOT NULL,
    quarters         INTEGER NOT NULL CHECK (quarters BETWEEN 1 AND 48),
    kind             TEXT    NOT NULL CHECK (kind IN ('leren', 'praktijk')),
    description      TEXT    NOT NULL,
    place            TEXT,
    status           TEXT    NOT NULL CHECK (status IN ('ingediend', 'goedgekeurd', 'afgekeurd')),
    rejection_reason TEXT,
    decided_by       INTEGER REFERENCES users (id),
    decided_at       TEXT,
    submitted_at     TEXT    NOT NULL,
    CHECK (kind <> 'praktijk' OR place IS NOT NULL),
    CHECK (status <> 'afgekeurd' OR rejection_reason IS NOT NULL)
);
CREATE INDEX hour_entries_by_participant ON hour_entries (participant_id, worked_on);
CREATE INDEX hour_entries_queue ON hour_entries (cohort_id, status, submitted_at);

-- Append-only record of every change to an entry or account: who, when, what, before and after.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    actor_id     INTEGER REFERENCES users (id),
    action       TEXT    NOT NULL,
    subject_type TEXT    NOT NULL,
    subject_id   INTEGER NOT NULL,
    before_json  TEXT,
    after_json   TEXT,
    at           TEXT    NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log (subject_type, subject_id);
