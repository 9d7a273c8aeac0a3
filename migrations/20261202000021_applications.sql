-- Applying for a cohort (aanmelden) before it starts, against admission requirements
-- that the coordinator words per cohort.

-- Per cohort: whether the public page takes applications for it, how many places it
-- has, where it meets, and how long a declined or withdrawn application is kept.
ALTER TABLE cohorts ADD COLUMN applications_open INTEGER NOT NULL DEFAULT 0 CHECK (applications_open IN (0, 1));
ALTER TABLE cohorts ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity > 0);
ALTER TABLE cohorts ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE cohorts ADD COLUMN application_retention_months INTEGER NOT NULL DEFAULT 6
    CHECK (application_retention_months BETWEEN 1 AND 36);

-- The admission requirements as statements the applicant answers (ja / nee / toelichting).
-- A removed statement stays, so the answers given to it keep their question.
CREATE TABLE admission_statements (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id  INTEGER NOT NULL REFERENCES cohorts (id),
    position   INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    removed_at TEXT
);
CREATE INDEX admission_statements_by_cohort ON admission_statements (cohort_id, position);

CREATE TABLE applications (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id      INTEGER NOT NULL REFERENCES cohorts (id),
    name           TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    phone          TEXT    NOT NULL DEFAULT '',
    -- The peer-expert training they completed; '' and no year: not yet.
    training       TEXT    NOT NULL DEFAULT '',
    training_year  INTEGER,
    experience     TEXT    NOT NULL,
    placement      TEXT    NOT NULL,
    motivation     TEXT    NOT NULL,
    language       TEXT    NOT NULL CHECK (language IN ('nl', 'en')),
    consented_at   TEXT    NOT NULL,
    -- One of `domain::ApplicationStatus`.
    status         TEXT    NOT NULL DEFAULT 'nieuw'
        CHECK (status IN ('nieuw', 'kennismaking', 'toegelaten', 'wachtlijst', 'afgewezen', 'ingetrokken')),
    meeting_on     TEXT,
    -- The waiting list's order: when they were placed on it.
    waitlisted_at  TEXT,
    -- One of `domain::DeclineReason`.
    decline_reason TEXT,
    -- The account made when they were admitted.
    user_id        INTEGER REFERENCES users (id),
    created_at     TEXT    NOT NULL,
    -- Declined or withdrawn: the retention period counts from here.
    closed_at      TEXT
);
CREATE INDEX applications_by_cohort ON applications (cohort_id, status, created_at);
CREATE INDEX applications_closed ON applications (closed_at) WHERE closed_at IS NOT NULL;
-- One application per address and cohort while it is in play: a double submit is one.
CREATE UNIQUE INDEX applications_one_open ON applications (cohort_id, email)
    WHERE status NOT IN ('afgewezen', 'ingetrokken');

CREATE TABLE application_answers (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    statement_id   INTEGER NOT NULL REFERENCES admission_statements (id),
    answer         TEXT    NOT NULL CHECK (answer IN ('ja', 'nee')),
    explanation    TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (application_id, statement_id)
);

-- The coordinator's notes on an application (the reason for a decline is one).
CREATE TABLE application_notes (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    author_id      INTEGER NOT NULL REFERENCES users (id),
    text           TEXT    NOT NULL,
    created_at     TEXT    NOT NULL
);
CREATE INDEX application_notes_by_application ON application_notes (application_id, id);

-- The confirmation mail goes to someone without an account; erasing the application
-- deletes the mails sent about it.
ALTER TABLE outbox ADD COLUMN application_id INTEGER REFERENCES applications (id);
CREATE INDEX outbox_by_application ON outbox (application_id) WHERE application_id IS NOT NULL;
