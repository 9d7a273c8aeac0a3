-- Ids are never reused. Withdrawing an hour entry used to delete its row, and
-- without AUTOINCREMENT SQLite hands the highest free id to the next entry, so a
-- new entry of one participant could take the id (and audit history) of
-- another's withdrawn one. Entries now stay, with status 'ingetrokken'.
CREATE TABLE hour_entries_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id   INTEGER NOT NULL REFERENCES users (id),
    cohort_id        INTEGER NOT NULL REFERENCES cohorts (id),
    worked_on        TEXT    NOT NULL,
    quarters         INTEGER NOT NULL CHECK (quarters BETWEEN 1 AND 48),
    kind             TEXT    NOT NULL CHECK (kind IN ('leren', 'praktijk')),
    description      TEXT    NOT NULL,
    place            TEXT,
    status           TEXT    NOT NULL CHECK (status IN ('ingediend', 'goedgekeurd', 'afgekeurd', 'ingetrokken')),
    rejection_reason TEXT,
    decided_by       INTEGER REFERENCES users (id),
    decided_at       TEXT,
    submitted_at     TEXT    NOT NULL,
    withdrawn_at     TEXT,
    CHECK (kind <> 'praktijk' OR place IS NOT NULL),
    CHECK (status <> 'afgekeurd' OR rejection_reason IS NOT NULL),
    CHECK (status <> 'ingetrokken' OR withdrawn_at IS NOT NULL)
);
INSERT INTO hour_entries_new (id, participant_id, cohort_id, worked_on, quarters, kind, description, place, status,
                              rejection_reason, decided_by, decided_at, submitted_at)
SELECT id, participant_id, cohort_id, worked_on, quarters, kind, description, place, status,
       rejection_reason, decided_by, decided_at, submitted_at
FROM hour_entries;
DROP TABLE hour_entries;
ALTER TABLE hour_entries_new RENAME TO hour_entries;
CREATE INDEX hour_entries_by_participant ON hour_entries (participant_id, worked_on);
CREATE INDEX hour_entries_queue ON hour_entries (cohort_id, status, submitted_at);

-- Ids already handed out to entries that were deleted stay used too.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'hour_entries', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'hour_entries');
UPDATE sqlite_sequence
SET seq = MAX(seq, COALESCE((SELECT MAX(id) FROM hour_entries), 0),
              COALESCE((SELECT MAX(subject_id) FROM audit_log WHERE subject_type = 'hour_entry'), 0))
WHERE name = 'hour_entries';

-- Every audit line names the participant it concerns, and the record page
-- selects by that instead of by a subject id.
ALTER TABLE audit_log ADD COLUMN participant_id INTEGER REFERENCES users (id);
-- Submitting, changing and withdrawing are done by the participant themselves.
UPDATE audit_log SET participant_id = actor_id
WHERE subject_type = 'hour_entry' AND action IN ('submit', 'update', 'withdraw');
-- A decision concerns whoever last submitted that entry before it was made
-- (exact even where an id was reused: the owner at that moment).
UPDATE audit_log SET participant_id = (
    SELECT s.actor_id FROM audit_log s
    WHERE s.subject_type = 'hour_entry' AND s.subject_id = audit_log.subject_id
      AND s.action IN ('submit', 'update') AND s.id < audit_log.id
    ORDER BY s.id DESC LIMIT 1)
WHERE subject_type = 'hour_entry' AND participant_id IS NULL;
-- Invitations and passwords of participants concern that participant.
UPDATE audit_log SET participant_id = subject_id
WHERE subject_type = 'user' AND subject_id IN (SELECT id FROM users WHERE role = 'deelnemer');
CREATE INDEX audit_log_by_participant ON audit_log (participant_id, id);
