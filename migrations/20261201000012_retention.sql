-- How long a cohort's records stay after it ends (AVG): hours, plans, feedback and
-- interview notes. When it has passed, the coordinator anonymises who is due.
ALTER TABLE cohorts ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 24
    CHECK (retention_months BETWEEN 1 AND 120);

-- A participant whose records were anonymised (retention passed, or on request) or
-- erased completely (on request, never certified). The row stays, without name or
-- e-mail address: ids are never reused and counts keep their owner.
ALTER TABLE users ADD COLUMN removal TEXT CHECK (removal IN ('geanonimiseerd', 'gewist'));
ALTER TABLE users ADD COLUMN removed_at TEXT;

-- The participant asked that the verification page no longer shows their name;
-- the PDF (which carries it) is no longer kept, its SHA-256 still verifies a copy.
ALTER TABLE certificates ADD COLUMN name_withheld_at TEXT;
