-- The final interview (eindgesprek) and the certificate.
--
-- A cohort keeps a list of criteria; the coordinator edits it. A retired criterion
-- stays (active = 0) so old interviews still read; an interview copies the active
-- criteria when it is scheduled, so later edits never change what was assessed.

CREATE TABLE interview_criteria (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    cohort_id INTEGER NOT NULL REFERENCES cohorts (id),
    position  INTEGER NOT NULL,
    title     TEXT    NOT NULL,
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX interview_criteria_by_cohort ON interview_criteria (cohort_id, active, position);

-- Defaults for the cohorts that exist already (new cohorts get them from the app).
INSERT INTO interview_criteria (cohort_id, position, title)
SELECT c.id, d.position, d.title FROM cohorts c, (
    SELECT 1 AS position, 'Zet de eigen ervaringskennis bewust en doelgericht in' AS title
    UNION ALL SELECT 2, 'Werkt in tandem met een professional van het buurtteam'
    UNION ALL SELECT 3, 'Reflecteert op het eigen POP en de eigen ontwikkeling'
    UNION ALL SELECT 4, 'Heeft bijgedragen aan het GOP van de intervisiegroep'
    UNION ALL SELECT 5, 'Kent de eigen grenzen en bewaakt ze'
    UNION ALL SELECT 6, 'Gaat zorgvuldig om met privacy en vertrouwelijkheid'
) d;

-- gepland: waiting for both assessors; geslaagd / niet_geslaagd: both signed, locked;
-- geannuleerd: called off before both signed. A participant has at most one planned
-- interview; every earlier one stays as history.
CREATE TABLE interviews (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id  INTEGER NOT NULL REFERENCES users (id),
    cohort_id       INTEGER NOT NULL REFERENCES cohorts (id),
    held_on         TEXT    NOT NULL,
    starts_at       TEXT    NOT NULL,
    place           TEXT    NOT NULL,
    -- One trainer of the Vrijwilligersacademie, one of the Hogeschool van Amsterdam.
    assessor_va_id  INTEGER NOT NULL REFERENCES users (id),
    assessor_hva_id INTEGER NOT NULL REFERENCES users (id),
    status          TEXT    NOT NULL DEFAULT 'gepland'
                            CHECK (status IN ('gepland', 'geslaagd', 'niet_geslaagd', 'geannuleerd')),
    scheduled_by    INTEGER NOT NULL REFERENCES users (id),
    created_at      TEXT    NOT NULL,
    decided_at      TEXT,
    CHECK (assessor_va_id <> assessor_hva_id)
);
CREATE UNIQUE INDEX one_planned_interview ON interviews (participant_id) WHERE status = 'gepland';
CREATE INDEX interviews_by_cohort ON interviews (cohort_id, status);
CREATE INDEX interviews_by_assessor_va ON interviews (assessor_va_id, status);
CREATE INDEX interviews_by_assessor_hva ON interviews (assessor_hva_id, status);

-- The criteria as they were when the interview was scheduled.
CREATE TABLE interview_items (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    interview_id INTEGER NOT NULL REFERENCES interviews (id),
    position     INTEGER NOT NULL,
    title        TEXT    NOT NULL
);
CREATE INDEX interview_items_by_interview ON interview_items (interview_id, position);

-- One assessor's judgement of one criterion: voldaan or not, with an explanation.
CREATE TABLE interview_judgements (
    item_id     INTEGER NOT NULL REFERENCES interview_items (id),
    assessor_id INTEGER NOT NULL REFERENCES users (id),
    met         INTEGER NOT NULL CHECK (met IN (0, 1)),
    explanation TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (item_id, assessor_id)
);

-- An assessor's signature: after it their judgements are fixed.
CREATE TABLE interview_signatures (
    interview_id INTEGER NOT NULL REFERENCES interviews (id),
    assessor_id  INTEGER NOT NULL REFERENCES users (id),
    signed_at    TEXT    NOT NULL,
    PRIMARY KEY (interview_id, assessor_id)
);

-- An issued certificate: the exact PDF bytes and their SHA-256, and what the public
-- verification page shows (as printed on it). Revoking keeps the row and the bytes.
CREATE TABLE certificates (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    number             TEXT    NOT NULL UNIQUE,
    interview_id       INTEGER NOT NULL UNIQUE REFERENCES interviews (id),
    participant_id     INTEGER NOT NULL REFERENCES users (id),
    cohort_id          INTEGER NOT NULL REFERENCES cohorts (id),
    participant_name   TEXT    NOT NULL,
    learning_quarters  INTEGER NOT NULL,
    practice_quarters  INTEGER NOT NULL,
    issued_on          TEXT    NOT NULL,
    issued_at          TEXT    NOT NULL,
    pdf                BLOB    NOT NULL,
    size_bytes         INTEGER NOT NULL,
    sha256             TEXT    NOT NULL UNIQUE,
    revoked_at         TEXT,
    revoked_by         INTEGER REFERENCES users (id),
    revoke_reason      TEXT    CHECK (revoke_reason IN ('fout', 'onterecht', 'verzoek', 'anders')),
    revoke_note        TEXT,
    CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);
CREATE INDEX certificates_by_participant ON certificates (participant_id);
CREATE INDEX certificates_by_cohort ON certificates (cohort_id);

-- Where a participant stands with the final step: their latest interview that was not
-- called off, and their certificate. The home, the record and the cohort tables read it.
CREATE VIEW final_standing AS
SELECT u.id AS participant_id,
       i.id AS interview_id, i.status AS interview_status, i.held_on, i.place,
       c.number AS certificate_number, c.revoked_at IS NOT NULL AS certificate_revoked
FROM users u
LEFT JOIN interviews i ON i.id = (
    SELECT MAX(id) FROM interviews WHERE participant_id = u.id AND status <> 'geannuleerd')
LEFT JOIN certificates c ON c.id = (SELECT MAX(id) FROM certificates WHERE participant_id = u.id)
WHERE u.role = 'deelnemer';
