-- Where a participant stands with their plans: their POP, their group (if any) and
-- its GOP. The home page, the checklist, the participant record and the cohort
-- tables read this one definition.
CREATE VIEW plan_standing AS
SELECT u.id AS participant_id,
       pop.id AS pop_id, pop.status AS pop_status,
       m.group_id IS NOT NULL AS in_group,
       gop.id AS gop_id, gop.status AS gop_status
FROM users u
LEFT JOIN plans pop ON pop.participant_id = u.id
LEFT JOIN group_members m ON m.participant_id = u.id
LEFT JOIN plans gop ON gop.group_id = m.group_id
WHERE u.role = 'deelnemer';
