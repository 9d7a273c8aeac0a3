-- Who a session applies to (`expected_attendance`) is found per session by walking the
-- cohort's participants and their join date: with this index that walk reads the index
-- alone, not each participant's row (the programme page counts it for 40 sessions).
CREATE INDEX users_in_cohort_by_joined ON users (cohort_id, role, joined_on);
