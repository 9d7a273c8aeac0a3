-- The standing views no longer filter on role: every query of them names its
-- participants by id. With `role = 'deelnemer'` inside, SQLite (which keeps no
-- statistics here: the app never runs ANALYZE) read the cohort page's two views by
-- walking the role index, every participant of every cohort, and only then matched
-- the page's 50 people; by id it looks up just those 50.
DROP VIEW plan_standing;
CREATE VIEW plan_standing AS
SELECT u.id AS participant_id,
       pop.id AS pop_id, pop.status AS pop_status,
       m.group_id IS NOT NULL AS in_group,
       gop.id AS gop_id, gop.status AS gop_status
FROM users u
LEFT JOIN plans pop ON pop.participant_id = u.id
LEFT JOIN group_members m ON m.participant_id = u.id
LEFT JOIN plans gop ON gop.group_id = m.group_id;

DROP VIEW final_standing;
CREATE VIEW final_standing AS
SELECT u.id AS participant_id,
       i.id AS interview_id, i.status AS interview_status, i.held_on, i.place,
       c.number AS certificate_number, c.revoked_at IS NOT NULL AS certificate_revoked
FROM users u
LEFT JOIN interviews i ON i.id = (
    SELECT MAX(id) FROM interviews WHERE participant_id = u.id AND status <> 'geannuleerd')
LEFT JOIN certificates c ON c.id = (SELECT MAX(id) FROM certificates WHERE participant_id = u.id);
