-- How many hour entries wait for a decision in each cohort, kept by triggers on
-- hour_entries. The cohort list and the coordinator's and trainers' homes showed this
-- by counting every waiting entry of every cohort on each view (120,000 on the bench
-- database); now it is one row per cohort. Every write path changes hour_entries
-- through SQL, so the triggers see them all.
CREATE TABLE cohort_waiting (
    cohort_id INTEGER PRIMARY KEY REFERENCES cohorts (id),
    entries   INTEGER NOT NULL DEFAULT 0 CHECK (entries >= 0)
);
INSERT INTO cohort_waiting (cohort_id, entries)
SELECT c.id, (SELECT COUNT(*) FROM hour_entries h WHERE h.cohort_id = c.id AND h.status = 'ingediend') FROM cohorts c;

CREATE TRIGGER cohort_waiting_for_new_cohort AFTER INSERT ON cohorts
BEGIN
    INSERT INTO cohort_waiting (cohort_id, entries) VALUES (NEW.id, 0);
END;

CREATE TRIGGER cohort_waiting_on_insert AFTER INSERT ON hour_entries WHEN NEW.status = 'ingediend'
BEGIN
    UPDATE cohort_waiting SET entries = entries + 1 WHERE cohort_id = NEW.cohort_id;
END;

CREATE TRIGGER cohort_waiting_on_update AFTER UPDATE OF status, cohort_id ON hour_entries
WHEN (OLD.status = 'ingediend') <> (NEW.status = 'ingediend') OR (NEW.status = 'ingediend' AND OLD.cohort_id <> NEW.cohort_id)
BEGIN
    UPDATE cohort_waiting SET entries = entries - 1 WHERE cohort_id = OLD.cohort_id AND OLD.status = 'ingediend';
    UPDATE cohort_waiting SET entries = entries + 1 WHERE cohort_id = NEW.cohort_id AND NEW.status = 'ingediend';
END;

CREATE TRIGGER cohort_waiting_on_delete AFTER DELETE ON hour_entries WHEN OLD.status = 'ingediend'
BEGIN
    UPDATE cohort_waiting SET entries = entries - 1 WHERE cohort_id = OLD.cohort_id;
END;
