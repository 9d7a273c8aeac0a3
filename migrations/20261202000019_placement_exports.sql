-- The leerplek export counts the answers per leerplek: its requests found by leerplek.
CREATE INDEX confirmation_requests_by_placement ON confirmation_requests (placement_id);
