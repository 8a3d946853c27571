-- A claim walks each endpoint's pending deliveries in order and stops once it has enough,
-- instead of sorting every open delivery to find the chains' heads: its cost follows what it
-- takes, not the backlog. (Pending only: the chains' own index stays the one that finds a head.)
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (endpoint_id, seq)
  WHERE status = 'pending';
-- Attempts under way at an endpoint: counted against its limit, or taken back once they lapse.
CREATE INDEX webhook_deliveries_leased_idx ON webhook_deliveries (endpoint_id, leased_until)
  WHERE status = 'delivering';
