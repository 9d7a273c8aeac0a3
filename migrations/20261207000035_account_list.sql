-- The coordinator's account list pages on by name (keyset) instead of by OFFSET, and
-- its counts are kept instead of counted. Filtered by role, it walked the name index
-- of every account to find that role's (a scan of users per view); page 200 of all
-- accounts walked 10,000 index entries before its 50.
CREATE INDEX users_by_role_and_name ON users (role, LOWER(name), id);

-- How many accounts each role has, kept by triggers on users (the list's "N accounts").
CREATE TABLE accounts_per_role (
    role     TEXT PRIMARY KEY,
    accounts INTEGER NOT NULL DEFAULT 0 CHECK (accounts >= 0)
);
INSERT INTO accounts_per_role (role, accounts) SELECT role, COUNT(*) FROM users GROUP BY role;

CREATE TRIGGER accounts_per_role_on_insert AFTER INSERT ON users
BEGIN
    INSERT INTO accounts_per_role (role, accounts) VALUES (NEW.role, 1)
    ON CONFLICT (role) DO UPDATE SET accounts = accounts + 1;
END;

CREATE TRIGGER accounts_per_role_on_update AFTER UPDATE OF role ON users WHEN OLD.role <> NEW.role
BEGIN
    UPDATE accounts_per_role SET accounts = accounts - 1 WHERE role = OLD.role;
    INSERT INTO accounts_per_role (role, accounts) VALUES (NEW.role, 1)
    ON CONFLICT (role) DO UPDATE SET accounts = accounts + 1;
END;

CREATE TRIGGER accounts_per_role_on_delete AFTER DELETE ON users
BEGIN
    UPDATE accounts_per_role SET accounts = accounts - 1 WHERE role = OLD.role;
END;
