-- Rate limits exact across processes: a process reserves hits from the shared counter before it
-- allows them, and the counter never grants past the limit. `last_grant` is how many hits the
-- last reservation got (the update computes it from the row as it was).
ALTER TABLE rate_limit_counters ADD COLUMN last_grant integer NOT NULL DEFAULT 0;
