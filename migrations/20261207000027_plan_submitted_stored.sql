-- When a plan's latest handed-in version was handed in, kept on the plan. The versions
-- stay the record; this copy is what `plan_versions` says (the submitted version with
-- the highest id), maintained by the triggers below, so no write path knows about it.
-- Why: the trainer's waiting plans, oldest first, looked up the latest version of every
-- waiting plan of the trainer's cohorts and sorted them all (370 plans, 1.1 ms, for
-- each view of the trainer's home); with the time on the plan, each cohort's oldest are
-- an index range and only those are sorted.
ALTER TABLE plans ADD COLUMN submitted_at TEXT;

UPDATE plans SET submitted_at = (
    SELECT v.submitted_at FROM plan_versions v WHERE v.plan_id = plans.id AND v.submitted_at IS NOT NULL
    ORDER BY v.id DESC LIMIT 1);

CREATE INDEX plans_waiting ON plans (cohort_id, status, submitted_at, id);

CREATE TRIGGER plan_submitted_of_new_version AFTER INSERT ON plan_versions
WHEN NEW.submitted_at IS NOT NULL
BEGIN
    UPDATE plans SET submitted_at = (
        SELECT v.submitted_at FROM plan_versions v WHERE v.plan_id = NEW.plan_id AND v.submitted_at IS NOT NULL
        ORDER BY v.id DESC LIMIT 1)
    WHERE id = NEW.plan_id;
END;

CREATE TRIGGER plan_submitted_of_changed_version AFTER UPDATE OF plan_id, submitted_at ON plan_versions
WHEN OLD.submitted_at IS NOT NEW.submitted_at OR OLD.plan_id IS NOT NEW.plan_id
BEGIN
    UPDATE plans SET submitted_at = (
        SELECT v.submitted_at FROM plan_versions v WHERE v.plan_id = plans.id AND v.submitted_at IS NOT NULL
        ORDER BY v.id DESC LIMIT 1)
    WHERE id IN (OLD.plan_id, NEW.plan_id);
END;

CREATE TRIGGER plan_submitted_of_removed_version AFTER DELETE ON plan_versions
WHEN OLD.submitted_at IS NOT NULL
BEGIN
    UPDATE plans SET submitted_at = (
        SELECT v.submitted_at FROM plan_versions v WHERE v.plan_id = OLD.plan_id AND v.submitted_at IS NOT NULL
        ORDER BY v.id DESC LIMIT 1)
    WHERE id = OLD.plan_id;
END;
