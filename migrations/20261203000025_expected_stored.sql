-- Who is expected at which session, stored. The rule stays one view (`expected_by_rule`,
-- the definition from the stints migration, unchanged); `expected_attendance` is now a
-- table that holds exactly its rows, kept equal by the triggers below on every table the
-- rule reads. Why: a participant's figures walked every session of their cohort to find
-- theirs (in a cohort of 500, ~400 held sessions, most of them other groups'
-- intervision), 13 ms for a page of 50 people; read from this table they are an index
-- range. The triggers recompute one participant or one session from the rule, so no
-- write path has to know about the table, and the table cannot drift from the rule.
DROP VIEW attendance_lines;
DROP VIEW expected_attendance;

CREATE VIEW expected_by_rule AS
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

CREATE TABLE expected_attendance (
    session_id     INTEGER NOT NULL REFERENCES programme_sessions (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX expected_attendance_by_participant ON expected_attendance (participant_id, session_id);

INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
SELECT session_id, participant_id FROM expected_by_rule;

-- A session: its own rows, from its cohort's stints.
CREATE TRIGGER expected_of_new_session AFTER INSERT ON programme_sessions
BEGIN
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE session_id = NEW.id;
END;

CREATE TRIGGER expected_of_changed_session AFTER UPDATE OF cohort_id, kind, group_id, held_on ON programme_sessions
WHEN OLD.cohort_id IS NOT NEW.cohort_id OR OLD.kind IS NOT NEW.kind
  OR OLD.group_id IS NOT NEW.group_id OR OLD.held_on IS NOT NEW.held_on
BEGIN
    DELETE FROM expected_attendance WHERE session_id = NEW.id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE session_id = NEW.id;
END;

-- A stint or a group membership: all rows of that participant.
CREATE TRIGGER expected_of_new_stint AFTER INSERT ON enrolments
BEGIN
    DELETE FROM expected_attendance WHERE participant_id = NEW.participant_id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id = NEW.participant_id;
END;

CREATE TRIGGER expected_of_changed_stint AFTER UPDATE OF participant_id, cohort_id, joined_on, left_on, group_id ON enrolments
BEGIN
    DELETE FROM expected_attendance WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;

CREATE TRIGGER expected_of_removed_stint AFTER DELETE ON enrolments
BEGIN
    DELETE FROM expected_attendance WHERE participant_id = OLD.participant_id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id = OLD.participant_id;
END;

CREATE TRIGGER expected_of_new_member AFTER INSERT ON group_members
BEGIN
    DELETE FROM expected_attendance WHERE participant_id = NEW.participant_id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id = NEW.participant_id;
END;

CREATE TRIGGER expected_of_changed_member AFTER UPDATE OF participant_id, group_id ON group_members
BEGIN
    DELETE FROM expected_attendance WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
END;

CREATE TRIGGER expected_of_removed_member AFTER DELETE ON group_members
BEGIN
    DELETE FROM expected_attendance WHERE participant_id = OLD.participant_id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id = OLD.participant_id;
END;

-- A training choice: that one pair.
CREATE TRIGGER expected_of_new_choice AFTER INSERT ON training_choices
BEGIN
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule
    WHERE session_id = NEW.session_id AND participant_id = NEW.participant_id;
END;

CREATE TRIGGER expected_of_removed_choice AFTER DELETE ON training_choices
BEGIN
    DELETE FROM expected_attendance WHERE session_id = OLD.session_id AND participant_id = OLD.participant_id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule
    WHERE session_id = OLD.session_id AND participant_id = OLD.participant_id;
END;

CREATE VIEW attendance_lines AS
SELECT e.participant_id, s.cohort_id, s.id AS session_id, s.kind, s.held_on, a.status, c.excused_counts_as_absent,
       CASE WHEN a.status IN ('aanwezig', 'te_laat') AND (s.kind <> 'intervisie' OR c.intervision_earns_hours = 1)
            THEN COALESCE(a.credited_minutes, s.minutes) ELSE 0 END AS earned_minutes
FROM expected_attendance e
JOIN programme_sessions s ON s.id = e.session_id
JOIN cohorts c ON c.id = s.cohort_id
LEFT JOIN attendance a ON a.session_id = e.session_id AND a.participant_id = e.participant_id
WHERE s.status = 'gepland';
