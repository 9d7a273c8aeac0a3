-- Private calendar subscriptions: one secret link per person at a time. Only a
-- SHA-256 of the token is stored; renewing revokes the old row and adds a new one.
CREATE TABLE calendar_feeds (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    token_hash TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL,
    revoked_at TEXT
);
CREATE INDEX calendar_feeds_by_user ON calendar_feeds (user_id);
