-- A participant's entries of one status, newest first, read in index order.
-- Why: the participant's home and record show the newest rejected entries; with the
-- index on (participant_id, status, kind, quarters) SQLite read all of someone's
-- rejected entries and sorted them for each view (201 of them: 0.16 ms). The sums
-- that index covered are kept in `hour_totals` since migration 28; nothing reads them
-- from the entries any more.
-- Status leads: an index that began with participant_id would tie with
-- `hour_entries_by_participant` for "someone's entries newest first, any status but
-- these", and SQLite then chose it and sorted all of them (2,000 entries: 1.2 ms).
DROP INDEX hour_entries_standing;
CREATE INDEX hour_entries_by_status ON hour_entries (status, participant_id, worked_on);
