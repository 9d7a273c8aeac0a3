-- Correcting a certificate: a revoked certificate can be replaced by a new one for the
-- same interview (`replaces_id` links them). So `interview_id` is no longer unique on
-- its own: at most one certificate per interview stands (is not revoked). SQLite cannot
-- drop a column's UNIQUE, hence the rebuild; the two views that read the table are
-- dropped around it and made again unchanged.
DROP VIEW participant_standing;
DROP VIEW final_standing;

CREATE TABLE certificates_rebuilt (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    number             TEXT    NOT NULL UNIQUE,
    interview_id       INTEGER NOT NULL REFERENCES interviews (id),
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
    name_withheld_at   TEXT,
    credential_jwt     TEXT,
    status_index       INTEGER,
    -- The revoked certificate this one corrects.
    replaces_id        INTEGER UNIQUE REFERENCES certificates (id),
    CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);
INSERT INTO certificates_rebuilt (id, number, interview_id, participant_id, cohort_id, participant_name, learning_quarters,
                                  practice_quarters, issued_on, issued_at, pdf, size_bytes, sha256, revoked_at, revoked_by,
                                  revoke_reason, revoke_note, name_withheld_at, credential_jwt, status_index)
SELECT id, number, interview_id, participant_id, cohort_id, participant_name, learning_quarters,
       practice_quarters, issued_on, issued_at, pdf, size_bytes, sha256, revoked_at, revoked_by,
       revoke_reason, revoke_note, name_withheld_at, credential_jwt, status_index
FROM certificates;
DROP TABLE certificates;
ALTER TABLE certificates_rebuilt RENAME TO certificates;

CREATE INDEX certificates_by_participant ON certificates (participant_id);
CREATE INDEX certificates_by_cohort ON certificates (cohort_id);
CREATE INDEX certificates_by_interview ON certificates (interview_id);
CREATE UNIQUE INDEX certificates_one_standing_per_interview ON certificates (interview_id) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX certificates_by_status_index ON certificates (status_index) WHERE status_index IS NOT NULL;
CREATE INDEX certificates_without_credential ON certificates (id) WHERE credential_jwt IS NULL AND name_withheld_at IS NULL;
CREATE INDEX certificates_revoked_bits ON certificates (status_index) WHERE revoked_at IS NOT NULL AND status_index IS NOT NULL;

CREATE VIEW final_standing AS
SELECT u.id AS participant_id,
       i.id AS interview_id, i.status AS interview_status, i.held_on, i.place,
       c.number AS certificate_number, c.revoked_at IS NOT NULL AS certificate_revoked
FROM users u
LEFT JOIN interviews i ON i.id = (
    SELECT MAX(id) FROM interviews WHERE participant_id = u.id AND status <> 'geannuleerd')
LEFT JOIN certificates c ON c.id = (SELECT MAX(id) FROM certificates WHERE participant_id = u.id)
WHERE u.role = 'deelnemer';

CREATE VIEW participant_standing AS
SELECT u.id AS participant_id,
       u.cohort_id,
       (SELECT json_group_array(json_array(kind, status, total, n)) FROM (
            SELECT kind, status, SUM(quarters) AS total, COUNT(*) AS n
            FROM hour_entries WHERE participant_id = u.id GROUP BY kind, status)) AS hour_sums,
       (SELECT json_array(pop_id, pop_status, in_group, gop_id, gop_status)
            FROM plan_standing WHERE participant_id = u.id) AS plans,
       (SELECT json_array(interview_id, interview_status, held_on, place, certificate_number, certificate_revoked)
            FROM final_standing WHERE participant_id = u.id) AS final_step
FROM users u
WHERE u.role = 'deelnemer';
