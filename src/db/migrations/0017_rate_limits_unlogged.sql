-- Rate-limit counters need no crash safety: after a crash every window simply starts again.
-- Unlogged, their writes skip the write-ahead log, and a transaction that writes only them
-- (every reservation) commits without waiting for a flush to disk.
ALTER TABLE rate_limit_counters SET UNLOGGED;
