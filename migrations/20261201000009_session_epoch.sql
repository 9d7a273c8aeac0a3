-- A password set (by link or otherwise) ends every other session of the account:
-- sessions carry the epoch they started in and count only while it is current.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
