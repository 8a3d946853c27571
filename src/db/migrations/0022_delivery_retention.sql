-- Deliveries that ended (delivered, or failed for good), by when they were last tried: the
-- minute's upkeep removes those older than WEBHOOK_RETENTION_DAYS, oldest first, reading only
-- what it removes. A delivery enters this index once, as it settles; waiting ones never do.
CREATE INDEX webhook_deliveries_settled_idx ON webhook_deliveries (last_attempt_at)
  WHERE status IN ('succeeded', 'failed');
