-- How many participants take part in each cohort now (not away), kept instead of
-- counted for every view. The accounts stay the record; this count is what
-- `COUNT(*) FROM users WHERE cohort_id = ? AND role = 'deelnemer' AND away_since IS NULL`
-- says, maintained by the triggers below, so no write path knows about it.
-- Why: the coordinator's home and the cohort list counted all 10,000 participants
-- through the index on each view (1.4-1.9 ms); now it is one row per cohort.
CREATE TABLE cohort_participants (
    cohort_id   INTEGER PRIMARY KEY REFERENCES cohorts (id),
    taking_part INTEGER NOT NULL CHECK (taking_part >= 0)
);

INSERT INTO cohort_participants (cohort_id, taking_part)
SELECT cohort_id, COUNT(*) FROM users
WHERE cohort_id IS NOT NULL AND role = 'deelnemer' AND away_since IS NULL
GROUP BY cohort_id;

CREATE TRIGGER cohort_participants_of_new_account AFTER INSERT ON users
WHEN NEW.cohort_id IS NOT NULL AND NEW.role = 'deelnemer' AND NEW.away_since IS NULL
BEGIN
    INSERT INTO cohort_participants (cohort_id, taking_part) VALUES (NEW.cohort_id, 1)
    ON CONFLICT (cohort_id) DO UPDATE SET taking_part = taking_part + 1;
END;

CREATE TRIGGER cohort_participants_of_changed_account AFTER UPDATE OF cohort_id, role, away_since ON users
WHEN OLD.cohort_id IS NOT NEW.cohort_id OR OLD.role IS NOT NEW.role OR OLD.away_since IS NOT NEW.away_since
BEGIN
    UPDATE cohort_participants SET taking_part = taking_part - 1
    WHERE cohort_id = OLD.cohort_id AND OLD.role = 'deelnemer' AND OLD.away_since IS NULL;
    INSERT INTO cohort_participants (cohort_id, taking_part)
    SELECT NEW.cohort_id, 1 WHERE NEW.cohort_id IS NOT NULL AND NEW.role = 'deelnemer' AND NEW.away_since IS NULL
    ON CONFLICT (cohort_id) DO UPDATE SET taking_part = taking_part + 1;
END;

CREATE TRIGGER cohort_participants_of_removed_account AFTER DELETE ON users
WHEN OLD.cohort_id IS NOT NULL AND OLD.role = 'deelnemer' AND OLD.away_since IS NULL
BEGIN
    UPDATE cohort_participants SET taking_part = taking_part - 1 WHERE cohort_id = OLD.cohort_id;
END;
