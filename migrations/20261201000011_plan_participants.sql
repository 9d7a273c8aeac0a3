-- Whose plan a plan is: its participant (a POP) or every member of its intervision
-- group (a GOP). What a participant's data export holds.
CREATE VIEW plan_participants AS
    SELECT id AS plan_id, participant_id FROM plans WHERE participant_id IS NOT NULL
    UNION
    SELECT p.id, g.participant_id FROM plans p JOIN group_members g ON g.group_id = p.group_id;

-- The stored files of those plans: each version's file and each feedback's file.
CREATE VIEW own_plan_files AS
    SELECT pp.participant_id, pp.plan_id, v.file_id
    FROM plan_participants pp JOIN plan_versions v ON v.plan_id = pp.plan_id
    WHERE v.file_id IS NOT NULL
    UNION
    SELECT pp.participant_id, pp.plan_id, fb.file_id
    FROM plan_participants pp JOIN plan_versions v ON v.plan_id = pp.plan_id JOIN plan_feedback fb ON fb.version_id = v.id
    WHERE fb.file_id IS NOT NULL;
