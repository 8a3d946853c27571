-- The limit a reservation counts against, carried by the proposed row of a batch of reservations
-- (ON CONFLICT sees it as excluded.max_hits), so each key of one statement has its own limit.
ALTER TABLE rate_limit_counters ADD COLUMN max_hits integer;
