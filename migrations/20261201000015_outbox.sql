-- Every mail is first a row here, written in the same transaction as the change that
-- causes it (an invitation and its mail exist together or not at all); a worker in
-- `serve` sends it. The text is made from `kind`, `params` and `language` when it is
-- sent; `link_path` is the page the mail links to (the public URL goes in front).
-- Once sent, params and link are cleared: a sent mail keeps no live link here.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- One of `domain::MailKind` (no CHECK: a new kind of mail needs no table rebuild).
    kind            TEXT    NOT NULL,
    user_id         INTEGER REFERENCES users (id),
    -- The participant the mail concerns (the recipient, or the one an assessor's mail is
    -- about): erasing or anonymising them deletes every mail that names them.
    participant_id  INTEGER REFERENCES users (id),
    to_address      TEXT    NOT NULL,
    to_name         TEXT    NOT NULL,
    language        TEXT    NOT NULL CHECK (language IN ('nl', 'en')),
    subject         TEXT    NOT NULL,
    params          TEXT    NOT NULL DEFAULT '{}',
    link_path       TEXT,
    -- Notices only: their unsubscribe page (`/afmelden/{token}`), for the footer and the
    -- `List-Unsubscribe` header; cleared with the link once sent.
    unsubscribe_path TEXT,
    -- An iCalendar file that goes with the mail (a final interview); cleared once sent.
    attachment_ics  TEXT,
    -- Stable over retries, so a mail sent twice after a crash is one message to the reader.
    message_id      TEXT    NOT NULL UNIQUE,
    status          TEXT    NOT NULL DEFAULT 'wacht' CHECK (status IN ('wacht', 'bezig', 'verstuurd', 'mislukt', 'geweigerd')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_user ON outbox (user_id);
CREATE INDEX outbox_by_participant ON outbox (participant_id);

-- The language a person reads the app in (the language switch keeps it), for their mail.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en'));
-- The mail server refused this address for good (5xx): the coordinator sees it.
ALTER TABLE users ADD COLUMN mail_refused_at TEXT;

-- The notices a person turned off (on "E-mail van Leerlijn" or by an unsubscribe link).
-- Account mails (invitation, password links) always go and are never listed here.
CREATE TABLE mail_choices_off (
    user_id   INTEGER NOT NULL REFERENCES users (id),
    kind      TEXT    NOT NULL,
    off_since TEXT    NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- One per notice sent: the link at its foot stops that kind of mail for that person
-- without logging in. Only a SHA-256 of the token is stored.
CREATE TABLE unsubscribe_links (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX unsubscribe_links_by_user ON unsubscribe_links (user_id);
