-- Whether an audit line records a read (someone looked at a participant's data) rather
-- than a change, kept on the line: `AuditAction::is_read` decides, `audit::record` writes
-- it. The record's history of changes and the list of who looked each read their own
-- part of the participant's lines by index. Why: both took the newest lines and sorted
-- them out afterwards, so a record viewed more than 200 times since its last change
-- showed an empty history (and each view read 200 lines of views to find that out).
ALTER TABLE audit_log ADD COLUMN reading INTEGER NOT NULL DEFAULT 0 CHECK (reading IN (0, 1));
UPDATE audit_log SET reading = 1
WHERE action IN ('view_plan', 'download_plan_file', 'certificate_downloaded', 'view_record', 'view_interview', 'confirmation_viewed');
DROP INDEX audit_log_by_participant;
CREATE INDEX audit_log_by_participant ON audit_log (participant_id, reading, id);
