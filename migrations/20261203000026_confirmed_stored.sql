-- Whether the leerplek confirmed a practice entry, kept on the entry. The answer stays
-- where it is (`confirmation_items`, read through the `entry_confirmation` view); this
-- flag is what that view says for the entry, maintained by the triggers below on every
-- table the view reads, so no write path has to know about it. Why: the review queue's
-- "confirmed only" filter walked every waiting entry of the trainer's cohorts through
-- the view (a correlated MAX per entry) to find the confirmed ones; a partial index that
-- holds only confirmed entries makes the filter and its count an index range.
ALTER TABLE hour_entries ADD COLUMN leerplek_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (leerplek_confirmed IN (0, 1));

UPDATE hour_entries SET leerplek_confirmed = 1
WHERE id IN (SELECT entry_id FROM entry_confirmation WHERE answer = 'bevestigd');

-- Queries name `leerplek_confirmed = 1` literally, so SQLite can use this index.
CREATE INDEX hour_entries_confirmed_queue ON hour_entries (cohort_id, status, submitted_at, id) WHERE leerplek_confirmed = 1;

-- An entry put on a request, answered, or sent again after a change (`entry_submitted_at`).
CREATE TRIGGER confirmed_of_new_item AFTER INSERT ON confirmation_items
BEGIN
    UPDATE hour_entries SET leerplek_confirmed = EXISTS (
        SELECT 1 FROM entry_confirmation ec WHERE ec.entry_id = NEW.entry_id AND ec.answer = 'bevestigd')
    WHERE id = NEW.entry_id;
END;

CREATE TRIGGER confirmed_of_changed_item AFTER UPDATE OF request_id, entry_id, entry_submitted_at, answer ON confirmation_items
BEGIN
    UPDATE hour_entries SET leerplek_confirmed = EXISTS (
        SELECT 1 FROM entry_confirmation ec WHERE ec.entry_id = hour_entries.id AND ec.answer = 'bevestigd')
    WHERE id IN (OLD.entry_id, NEW.entry_id);
END;

CREATE TRIGGER confirmed_of_deleted_item AFTER DELETE ON confirmation_items
BEGIN
    UPDATE hour_entries SET leerplek_confirmed = EXISTS (
        SELECT 1 FROM entry_confirmation ec WHERE ec.entry_id = OLD.entry_id AND ec.answer = 'bevestigd')
    WHERE id = OLD.entry_id;
END;

-- A request withdrawn: an older request may be the entry's newest again.
CREATE TRIGGER confirmed_of_changed_request AFTER UPDATE OF withdrawn_at ON confirmation_requests
WHEN OLD.withdrawn_at IS NOT NEW.withdrawn_at
BEGIN
    UPDATE hour_entries SET leerplek_confirmed = EXISTS (
        SELECT 1 FROM entry_confirmation ec WHERE ec.entry_id = hour_entries.id AND ec.answer = 'bevestigd')
    WHERE id IN (SELECT entry_id FROM confirmation_items WHERE request_id = NEW.id);
END;

-- The entry changed since it was sent: what the leerplek said was about the old entry.
CREATE TRIGGER confirmed_of_changed_entry AFTER UPDATE OF submitted_at ON hour_entries
WHEN OLD.submitted_at IS NOT NEW.submitted_at
BEGIN
    UPDATE hour_entries SET leerplek_confirmed = EXISTS (
        SELECT 1 FROM entry_confirmation ec WHERE ec.entry_id = NEW.id AND ec.answer = 'bevestigd')
    WHERE id = NEW.id;
END;
