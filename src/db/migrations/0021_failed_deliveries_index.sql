-- An endpoint's failed deliveries, newest first (the console's "failed" filter): they are few
-- among many delivered, and without this the page walked the endpoint's whole history to find
-- them. Pending and attempts under way have their partial indexes already (0019); delivered ones
-- are most of the endpoint's index.
CREATE INDEX webhook_deliveries_failed_idx ON webhook_deliveries (endpoint_id, seq)
  WHERE status = 'failed';
