-- The leerplek: where a participant does the practice part, and who there confirms
-- the practice hours. A change is a new row (the history stays, dated); the newest
-- row is the current leerplek.
CREATE TABLE placements (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id   INTEGER NOT NULL REFERENCES users (id),
    organisation     TEXT    NOT NULL,
    team             TEXT    NOT NULL DEFAULT '',
    supervisor_name  TEXT    NOT NULL,
    supervisor_email TEXT    NOT NULL,
    supervisor_role  TEXT    NOT NULL CHECK (supervisor_role IN ('werkbegeleider', 'tandempartner')),
    since            TEXT    NOT NULL,
    created_at       TEXT    NOT NULL
);
CREATE INDEX placements_by_participant ON placements (participant_id, id);

-- A request to the werkbegeleider to confirm some practice entries, by a link that
-- needs no account: a random token, stored only as its SHA-256.
CREATE TABLE confirmation_requests (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES users (id),
    placement_id   INTEGER NOT NULL REFERENCES placements (id),
    token_hash     TEXT    NOT NULL UNIQUE,
    created_at     TEXT    NOT NULL,
    expires_at     TEXT    NOT NULL,
    reminded_at    TEXT,
    withdrawn_at   TEXT
);
CREATE INDEX confirmation_requests_by_participant ON confirmation_requests (participant_id, id);

-- The entries on a request and the answer to each. `entry_submitted_at` is the entry
-- as it was sent: an entry changed by the participant since then drops off the link.
CREATE TABLE confirmation_items (
    request_id         INTEGER NOT NULL REFERENCES confirmation_requests (id),
    entry_id           INTEGER NOT NULL REFERENCES hour_entries (id),
    entry_submitted_at TEXT    NOT NULL,
    answer             TEXT    CHECK (answer IN ('bevestigd', 'betwist')),
    remark             TEXT,
    answered_at        TEXT,
    PRIMARY KEY (request_id, entry_id)
);
CREATE INDEX confirmation_items_by_entry ON confirmation_items (entry_id, request_id);

-- Where each practice entry stands with its leerplek: the newest request it is on that
-- was not withdrawn, if the entry is unchanged since. Trainers see this beside the entry.
CREATE VIEW entry_confirmation AS
SELECT ci.entry_id, ci.answer, ci.remark, ci.answered_at, r.id AS request_id, r.created_at AS requested_at, r.expires_at,
       p.supervisor_name, p.organisation
FROM confirmation_items ci
JOIN confirmation_requests r ON r.id = ci.request_id
JOIN placements p ON p.id = r.placement_id
JOIN hour_entries h ON h.id = ci.entry_id AND h.submitted_at = ci.entry_submitted_at
WHERE r.withdrawn_at IS NULL
  AND ci.request_id = (SELECT MAX(c2.request_id) FROM confirmation_items c2 JOIN confirmation_requests r2 ON r2.id = c2.request_id
                       WHERE c2.entry_id = ci.entry_id AND r2.withdrawn_at IS NULL);

-- Per cohort: practice hours may only be approved once the leerplek confirmed them.
ALTER TABLE cohorts ADD COLUMN practice_needs_confirmation INTEGER NOT NULL DEFAULT 0;
