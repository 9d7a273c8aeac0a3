-- Found on a generated database of 10,000 participants and 1,000,000 entries
-- (bench/scale.sh). Assignable trainers and other per-role lists scanned every account.
CREATE INDEX users_by_role ON users (role, name);
-- A participant's latest interview (final standing, on every cohort row) scanned all interviews.
CREATE INDEX interviews_by_participant ON interviews (participant_id, status);

-- A participant's sums per kind and status (their home, the record, the eligibility
-- rule) read from the index alone: 2,000 entries are 2,000 index entries, no rows.
CREATE INDEX hour_entries_standing ON hour_entries (participant_id, status, kind, quarters);
