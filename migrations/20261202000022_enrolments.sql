-- Continuing after a break: a participant's time in a cohort is a stint (enrolment),
-- from the day they joined until the day they paused, stopped or moved to another
-- cohort. Someone who pauses and later continues in the next cohort has two stints;
-- what they did in the first (attended sessions, approved hours, their POP) still
-- counts, because attendance is expected per stint, not per current cohort.
CREATE TABLE enrolments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES users (id),
    cohort_id      INTEGER NOT NULL REFERENCES cohorts (id),
    joined_on      TEXT    NOT NULL,
    -- NULL while the stint runs; the first day they no longer took part.
    left_on        TEXT,
    left_as        TEXT    CHECK (left_as IN ('gepauzeerd', 'gestopt', 'overgestapt')),
    reason         TEXT    CHECK (reason IN ('gezondheid', 'zorg', 'werk_studie', 'leerplek', 'persoonlijk', 'anders')),
    expected_back  TEXT,
    -- Their intervision group during the stint, kept when they leave the group on a move,
    -- so the intervision sessions they were expected at stay theirs.
    group_id       INTEGER REFERENCES intervision_groups (id),
    CHECK ((left_on IS NULL) = (left_as IS NULL)),
    CHECK (left_on IS NULL OR left_on >= joined_on)
);
-- One running stint per participant at most.
CREATE UNIQUE INDEX enrolments_running ON enrolments (participant_id) WHERE left_on IS NULL;
CREATE INDEX enrolments_of_participant ON enrolments (participant_id, joined_on);
-- Who a session applies to is found per session by walking its cohort's stints: this
-- index holds everything that walk reads.
CREATE INDEX enrolments_in_cohort ON enrolments (cohort_id, joined_on, left_on, participant_id, group_id);

INSERT INTO enrolments (participant_id, cohort_id, joined_on)
SELECT u.id, u.cohort_id, COALESCE(u.joined_on, c.starts_on)
FROM users u JOIN cohorts c ON c.id = u.cohort_id
WHERE u.role = 'deelnemer';

-- Set while the participant has no running stint (paused or stopped, the day it began):
-- the cohort tables leave them out by this one column. Written with the stint.
ALTER TABLE users ADD COLUMN away_since TEXT;
CREATE INDEX users_taking_part ON users (cohort_id, role, name) WHERE away_since IS NULL;

-- The paths that make or re-invite a participant write only users; these keep their
-- running stint in step (a re-invitation before the first login may change the cohort).
CREATE TRIGGER enrolment_of_new_participant AFTER INSERT ON users
WHEN NEW.role = 'deelnemer' AND NEW.cohort_id IS NOT NULL
BEGIN
    INSERT INTO enrolments (participant_id, cohort_id, joined_on)
    VALUES (NEW.id, NEW.cohort_id, COALESCE(NEW.joined_on, substr(NEW.created_at, 1, 10)));
END;

CREATE TRIGGER enrolment_follows_account AFTER UPDATE OF cohort_id, role, joined_on ON users
WHEN NEW.away_since IS NULL AND NEW.removal IS NULL
BEGIN
    DELETE FROM enrolments WHERE participant_id = NEW.id AND left_on IS NULL AND NEW.role <> 'deelnemer';
    UPDATE enrolments SET cohort_id = NEW.cohort_id, joined_on = COALESCE(NEW.joined_on, joined_on)
    WHERE participant_id = NEW.id AND left_on IS NULL AND NEW.role = 'deelnemer';
    INSERT INTO enrolments (participant_id, cohort_id, joined_on)
    SELECT NEW.id, NEW.cohort_id, COALESCE(NEW.joined_on, substr(NEW.created_at, 1, 10))
    WHERE NEW.role = 'deelnemer' AND NEW.cohort_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM enrolments WHERE participant_id = NEW.id AND left_on IS NULL);
END;

-- The one definition of "this session applies to this participant", now per stint:
-- every lesson of the stint's cohort, the trainings they chose, their group's
-- intervision (their group then, for a stint that ended with a move), from the day
-- the stint began until the day it ended.
DROP VIEW attendance_lines;
DROP VIEW expected_attendance;
CREATE VIEW expected_attendance AS
SELECT s.id AS session_id, m.participant_id
FROM programme_sessions s
JOIN enrolments m ON m.cohort_id = s.cohort_id
WHERE s.held_on >= m.joined_on
  AND (m.left_on IS NULL OR s.held_on < m.left_on)
  AND (s.kind = 'les'
       OR (s.kind = 'training' AND EXISTS (
             SELECT 1 FROM training_choices tc WHERE tc.session_id = s.id AND tc.participant_id = m.participant_id))
       OR (s.kind = 'intervisie' AND (s.group_id = m.group_id OR EXISTS (
             SELECT 1 FROM group_members gm WHERE gm.group_id = s.group_id AND gm.participant_id = m.participant_id))));

CREATE VIEW attendance_lines AS
SELECT e.participant_id, s.cohort_id, s.id AS session_id, s.kind, s.held_on, a.status, c.excused_counts_as_absent,
       CASE WHEN a.status IN ('aanwezig', 'te_laat') AND (s.kind <> 'intervisie' OR c.intervision_earns_hours = 1)
            THEN COALESCE(a.credited_minutes, s.minutes) ELSE 0 END AS earned_minutes
FROM expected_attendance e
JOIN programme_sessions s ON s.id = e.session_id
JOIN cohorts c ON c.id = s.cohort_id
LEFT JOIN attendance a ON a.session_id = e.session_id AND a.participant_id = e.participant_id
WHERE s.status = 'gepland';

-- Tomorrow's sessions (the evening reminders) are found by day: with stints in the view
-- the planner no longer reaches them through the cohort's participants.
CREATE INDEX programme_sessions_by_day ON programme_sessions (held_on);
