-- Pages look participants up by cohort (cohort tables, trainer home).
CREATE INDEX users_by_cohort ON users (cohort_id, role);
