-- Each participant's attendance figures, kept: the `attendance_lines` of sessions held up
-- to a day (`attendance_tallied_through`) counted per kind, status and cohort rule, as
-- `attendance_tallies_by_rule` says. Figures up to today are these tallies plus the few
-- lines held after that day (see `programme::db::cohort_figures`); a nightly job moves
-- the day on. Why: the cohort page counted some 800 lines for its 50 people on every
-- view, each line three lookups (session, cohort, attendance): 1.2-1.7 ms of its ~4 ms.
-- The triggers below recount one participant (or the participants of one session or
-- cohort) from the rule whenever something the lines read changes, so no write path
-- knows about the table and it cannot drift from the lines.
CREATE TABLE attendance_tallied_through (
    day TEXT NOT NULL
);
-- UTC's date is never after Amsterdam's: the day stays in the past or today.
INSERT INTO attendance_tallied_through (day) VALUES (date('now'));

CREATE VIEW attendance_tallies_by_rule AS
SELECT participant_id, kind, status, excused_counts_as_absent, COUNT(*) AS sessions, SUM(earned_minutes) AS minutes
FROM attendance_lines
WHERE held_on <= (SELECT day FROM attendance_tallied_through)
GROUP BY participant_id, kind, status, excused_counts_as_absent;

CREATE TABLE attendance_tallies (
    participant_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind                     TEXT    NOT NULL,
    -- NULL: nothing recorded for these sessions.
    status                   TEXT,
    excused_counts_as_absent INTEGER NOT NULL,
    sessions                 INTEGER NOT NULL CHECK (sessions > 0),
    minutes                  INTEGER NOT NULL CHECK (minutes >= 0)
);
CREATE INDEX attendance_tallies_by_participant
    ON attendance_tallies (participant_id, kind, status, excused_counts_as_absent, sessions, minutes);

INSERT INTO attendance_tallies (participant_id, kind, status, excused_counts_as_absent, sessions, minutes)
SELECT participant_id, kind, status, excused_counts_as_absent, sessions, minutes FROM attendance_tallies_by_rule;

-- Recounting one participant, written once: a participant id inserted into this view runs
-- the trigger below for it (SQLite has no procedures). The triggers after it say whom to
-- recount this way.
CREATE VIEW attendance_recount AS SELECT NULL AS participant_id;

CREATE TRIGGER attendance_recount_one INSTEAD OF INSERT ON attendance_recount
BEGIN
    DELETE FROM attendance_tallies WHERE participant_id = NEW.participant_id;
    INSERT INTO attendance_tallies (participant_id, kind, status, excused_counts_as_absent, sessions, minutes)
    SELECT participant_id, kind, status, excused_counts_as_absent, sessions, minutes FROM attendance_tallies_by_rule
    WHERE participant_id = NEW.participant_id;
END;

-- The rule's stored rows change: the triggers that keep `expected_attendance` recount the
-- participants whose rows they re-derive (the same triggers, recreated with one step more).
DROP TRIGGER expected_of_new_session;
DROP TRIGGER expected_of_changed_session;
DROP TRIGGER expected_of_new_stint;
DROP TRIGGER expected_of_changed_stint;
DROP TRIGGER expected_of_removed_stint;
DROP TRIGGER expected_of_new_member;
DROP TRIGGER expected_of_changed_member;
DROP TRIGGER expected_of_removed_member;
DROP TRIGGER expected_of_new_choice;
DROP TRIGGER expected_of_removed_choice;

-- A new session in the future (the usual case) changes no tally.
CREATE TRIGGER expected_of_new_session AFTER INSERT ON programme_sessions
BEGIN
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE session_id = NEW.id;
    INSERT INTO attendance_recount (participant_id)
    SELECT participant_id FROM expected_attendance
    WHERE session_id = NEW.id AND NEW.held_on <= (SELECT day FROM attendance_tallied_through);
END;

-- Who was expected before is gone from the table by then: the cohorts' participants are recounted.
CREATE TRIGGER expected_of_changed_session AFTER UPDATE OF cohort_id, kind, group_id, held_on ON programme_sessions
WHEN OLD.cohort_id IS NOT NEW.cohort_id OR OLD.kind IS NOT NEW.kind
  OR OLD.group_id IS NOT NEW.group_id OR OLD.held_on IS NOT NEW.held_on
BEGIN
    DELETE FROM expected_attendance WHERE session_id = NEW.id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE session_id = NEW.id;
    INSERT INTO attendance_recount (participant_id)
    SELECT DISTINCT participant_id FROM enrolments
    WHERE cohort_id IN (OLD.cohort_id, NEW.cohort_id)
      AND MIN(OLD.held_on, NEW.held_on) <= (SELECT day FROM attendance_tallied_through);
END;

CREATE TRIGGER expected_of_new_stint AFTER INSERT ON enrolments
BEGIN
    DELETE FROM expected_attendance WHERE participant_id = NEW.participant_id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id = NEW.participant_id;
    INSERT INTO attendance_recount (participant_id) VALUES (NEW.participant_id);
END;

CREATE TRIGGER expected_of_changed_stint AFTER UPDATE OF participant_id, cohort_id, joined_on, left_on, group_id ON enrolments
WHEN OLD.participant_id IS NOT NEW.participant_id OR OLD.cohort_id IS NOT NEW.cohort_id
  OR OLD.joined_on IS NOT NEW.joined_on OR OLD.left_on IS NOT NEW.left_on OR OLD.group_id IS NOT NEW.group_id
BEGIN
    DELETE FROM expected_attendance WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
    INSERT INTO attendance_recount (participant_id) VALUES (NEW.participant_id);
    INSERT INTO attendance_recount (participant_id) SELECT OLD.participant_id WHERE OLD.participant_id IS NOT NEW.participant_id;
END;

CREATE TRIGGER expected_of_removed_stint AFTER DELETE ON enrolments
BEGIN
    DELETE FROM expected_attendance WHERE participant_id = OLD.participant_id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id = OLD.participant_id;
    INSERT INTO attendance_recount (participant_id) VALUES (OLD.participant_id);
END;

CREATE TRIGGER expected_of_new_member AFTER INSERT ON group_members
BEGIN
    DELETE FROM expected_attendance WHERE participant_id = NEW.participant_id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id = NEW.participant_id;
    INSERT INTO attendance_recount (participant_id) VALUES (NEW.participant_id);
END;

CREATE TRIGGER expected_of_changed_member AFTER UPDATE OF participant_id, group_id ON group_members
WHEN OLD.participant_id IS NOT NEW.participant_id OR OLD.group_id IS NOT NEW.group_id
BEGIN
    DELETE FROM expected_attendance WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id IN (OLD.participant_id, NEW.participant_id);
    INSERT INTO attendance_recount (participant_id) VALUES (NEW.participant_id);
    INSERT INTO attendance_recount (participant_id) SELECT OLD.participant_id WHERE OLD.participant_id IS NOT NEW.participant_id;
END;

CREATE TRIGGER expected_of_removed_member AFTER DELETE ON group_members
BEGIN
    DELETE FROM expected_attendance WHERE participant_id = OLD.participant_id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule WHERE participant_id = OLD.participant_id;
    INSERT INTO attendance_recount (participant_id) VALUES (OLD.participant_id);
END;

CREATE TRIGGER expected_of_new_choice AFTER INSERT ON training_choices
BEGIN
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule
    WHERE session_id = NEW.session_id AND participant_id = NEW.participant_id;
    INSERT INTO attendance_recount (participant_id) VALUES (NEW.participant_id);
END;

CREATE TRIGGER expected_of_removed_choice AFTER DELETE ON training_choices
BEGIN
    DELETE FROM expected_attendance WHERE session_id = OLD.session_id AND participant_id = OLD.participant_id;
    INSERT OR IGNORE INTO expected_attendance (session_id, participant_id)
    SELECT session_id, participant_id FROM expected_by_rule
    WHERE session_id = OLD.session_id AND participant_id = OLD.participant_id;
    INSERT INTO attendance_recount (participant_id) VALUES (OLD.participant_id);
END;

-- What else the lines read: the attendance recorded, a session's status and length, and
-- the cohort's two counting rules.
CREATE TRIGGER tallies_of_new_attendance AFTER INSERT ON attendance
BEGIN
    INSERT INTO attendance_recount (participant_id) VALUES (NEW.participant_id);
END;

CREATE TRIGGER tallies_of_changed_attendance AFTER UPDATE ON attendance
WHEN OLD.participant_id IS NOT NEW.participant_id OR OLD.session_id IS NOT NEW.session_id
  OR OLD.status IS NOT NEW.status OR OLD.credited_minutes IS NOT NEW.credited_minutes
BEGIN
    INSERT INTO attendance_recount (participant_id) VALUES (NEW.participant_id);
    INSERT INTO attendance_recount (participant_id) SELECT OLD.participant_id WHERE OLD.participant_id IS NOT NEW.participant_id;
END;

CREATE TRIGGER tallies_of_removed_attendance AFTER DELETE ON attendance
BEGIN
    INSERT INTO attendance_recount (participant_id) VALUES (OLD.participant_id);
END;

CREATE TRIGGER tallies_of_changed_session AFTER UPDATE OF status, minutes ON programme_sessions
WHEN (OLD.status IS NOT NEW.status OR OLD.minutes IS NOT NEW.minutes)
  AND NEW.held_on <= (SELECT day FROM attendance_tallied_through)
BEGIN
    INSERT INTO attendance_recount (participant_id)
    SELECT participant_id FROM expected_attendance WHERE session_id = NEW.id;
END;

CREATE TRIGGER tallies_of_changed_cohort AFTER UPDATE OF excused_counts_as_absent, intervision_earns_hours ON cohorts
WHEN OLD.excused_counts_as_absent IS NOT NEW.excused_counts_as_absent
  OR OLD.intervision_earns_hours IS NOT NEW.intervision_earns_hours
BEGIN
    INSERT INTO attendance_recount (participant_id)
    SELECT DISTINCT participant_id FROM enrolments WHERE cohort_id = NEW.id;
END;

-- Moving the day on: the participants of the sessions held after the old day and up to
-- the new one are recounted (a few sessions a day).
CREATE TRIGGER tallies_of_later_day AFTER UPDATE OF day ON attendance_tallied_through
BEGIN
    INSERT INTO attendance_recount (participant_id)
    SELECT DISTINCT e.participant_id FROM programme_sessions s JOIN expected_attendance e ON e.session_id = s.id
    WHERE s.held_on > MIN(OLD.day, NEW.day) AND s.held_on <= MAX(OLD.day, NEW.day);
END;
