-- Scheduled jobs run once per slot (a night, a day), even across restarts: the
-- first process to insert the slot's row runs it.
CREATE TABLE scheduled_runs (
    job TEXT NOT NULL,
    slot TEXT NOT NULL,
    started_at TEXT NOT NULL,
    PRIMARY KEY (job, slot)
);

-- Every backup made, kept or failed: what the coordinator's home reports.
CREATE TABLE backups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    made_at TEXT NOT NULL,
    file_name TEXT,
    bytes INTEGER,
    succeeded INTEGER NOT NULL,
    error TEXT
);
CREATE INDEX backups_by_outcome ON backups (succeeded, id);
