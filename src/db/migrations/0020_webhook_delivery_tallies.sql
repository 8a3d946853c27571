-- Each endpoint's settled deliveries, counted as they settle, so the console's endpoint list
-- reads a few rows per endpoint instead of counting every delivery ever made. Deliveries still
-- waiting are counted live (their partial indexes hold only the backlog). An endpoint's tally is
-- spread over up to 16 slots: attempts settling at once at one endpoint each add to their own
-- row instead of queueing for one; the list adds the slots up.
CREATE TABLE webhook_delivery_tallies (
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  slot smallint NOT NULL CHECK (slot BETWEEN 0 AND 15),
  succeeded bigint NOT NULL DEFAULT 0,
  failed bigint NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  PRIMARY KEY (endpoint_id, slot)
);

INSERT INTO webhook_delivery_tallies (endpoint_id, slot, succeeded, failed, last_attempt_at)
SELECT endpoint_id, 0,
       count(*) FILTER (WHERE status = 'succeeded'),
       count(*) FILTER (WHERE status = 'failed'),
       max(last_attempt_at)
FROM webhook_deliveries
WHERE status IN ('succeeded', 'failed')
GROUP BY endpoint_id;
