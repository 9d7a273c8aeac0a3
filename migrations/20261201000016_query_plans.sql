-- Found by the query-plan test (tests/api/query_plans.rs): queries that read every row
-- of a table that grows with participants.
-- A plan file's download looked up its version and its feedback by file id.
CREATE INDEX plan_versions_by_file ON plan_versions (file_id) WHERE file_id IS NOT NULL;
CREATE INDEX plan_feedback_by_file ON plan_feedback (file_id) WHERE file_id IS NOT NULL;
-- The account list, by name a page at a time: walked in order instead of sorted whole.
CREATE INDEX users_by_name ON users (LOWER(name), id);

-- "Mijn gegevens" and its download read a participant's plans through these views;
-- with UNION (duplicates removed) SQLite could not push the participant into the group
-- branch and read every group membership. The branches never overlap (a plan is a POP
-- or a GOP; a file belongs to a version or to feedback), so UNION ALL gives the same rows.
DROP VIEW own_plan_files;
DROP VIEW plan_participants;
CREATE VIEW plan_participants AS
    SELECT id AS plan_id, participant_id FROM plans WHERE participant_id IS NOT NULL
    UNION ALL
    SELECT p.id, g.participant_id FROM plans p JOIN group_members g ON g.group_id = p.group_id;
CREATE VIEW own_plan_files AS
    SELECT pp.participant_id, pp.plan_id, v.file_id
    FROM plan_participants pp JOIN plan_versions v ON v.plan_id = pp.plan_id
    WHERE v.file_id IS NOT NULL
    UNION ALL
    SELECT pp.participant_id, pp.plan_id, fb.file_id
    FROM plan_participants pp JOIN plan_versions v ON v.plan_id = pp.plan_id JOIN plan_feedback fb ON fb.version_id = v.id
    WHERE fb.file_id IS NOT NULL;
