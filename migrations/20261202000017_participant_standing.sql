-- Where each participant stands, as one read model for their home, their record and
-- the cohort tables: the hour sums per kind and status, the plans and the final step,
-- as JSON columns (read in Rust by `hours::standing::read`). Per participant it costs a
-- walk of hour_entries_standing and two lookups, so a page of 50 people costs 50 walks.
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

-- Interviews by state: the assessors' lists and the Monday digest read planned ones
-- with the state bound as a parameter, which the partial unique index cannot serve.
CREATE INDEX interviews_by_status ON interviews (status, held_on);

-- A cohort's participants in name order (the cohort page, 50 at a time): found and
-- ordered by one index instead of walking every participant's entry in users_by_role.
CREATE INDEX users_in_cohort_by_name ON users (cohort_id, role, name);
