-- Events (Standard Webhooks): what happened, written in the transaction of the change itself,
-- and one delivery per subscribed endpoint, delivered after commit.

CREATE TABLE events (
  -- The `webhook-id` receivers deduplicate by: the same on every attempt.
  id text PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  type text NOT NULL,
  subscription_id uuid REFERENCES subscriptions (id) ON DELETE CASCADE,
  organization_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
  -- The exact body sent: {type, timestamp, data}.
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_organization_idx ON events (organization_id, seq) WHERE organization_id IS NOT NULL;
CREATE INDEX events_subscription_idx ON events (subscription_id, seq) WHERE subscription_id IS NOT NULL;

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url text NOT NULL,
  description text,
  event_types text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- whsec_…: kept to sign (HMAC needs the secret itself); the API shows it only once.
  secret text NOT NULL,
  -- After a rotation the old secret signs alongside the new one until previous_secret_until.
  previous_secret text,
  previous_secret_until timestamptz,
  -- Set by the first failure after a success; an endpoint failing everything for 5 days is disabled.
  failing_since timestamptz,
  disabled_at timestamptz,
  disabled_reason text CHECK (disabled_reason IN ('manual', 'gone', 'failing')),
  created_by uuid REFERENCES staff_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigserial NOT NULL UNIQUE,
  event_id text NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  -- Deliveries with one key reach an endpoint in order (the subscription: one per organization).
  order_key text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivering', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  leased_until timestamptz,
  last_attempt_at timestamptz,
  response_status integer,
  response_body text,
  latency_ms integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (event_id, endpoint_id)
);
-- The head of each (endpoint, order key) chain, and what is due.
CREATE INDEX webhook_deliveries_chain_idx ON webhook_deliveries (endpoint_id, order_key, seq)
  WHERE status IN ('pending', 'delivering');
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
  WHERE status IN ('pending', 'delivering');
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, seq DESC);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);

-- Email that announces something once it is out (activation.email_sent): the event to record
-- in the transaction that marks the message sent.
ALTER TABLE email_outbox ADD COLUMN sent_event jsonb;

-- Connector steps (CONNECTORS_FILE): an external call, maybe answered later by a callback.
ALTER TABLE run_steps DROP CONSTRAINT run_steps_status_check;
ALTER TABLE run_steps ADD CONSTRAINT run_steps_status_check
  CHECK (status IN ('pending', 'running', 'waiting', 'done', 'failed'));
-- While a worker calls the receiver: nobody else calls until the lease lapses.
ALTER TABLE run_steps ADD COLUMN leased_until timestamptz;
-- Waiting for the receiver's callback until then.
ALTER TABLE run_steps ADD COLUMN waiting_until timestamptz;
ALTER TABLE run_steps ADD COLUMN callback_token_hash text;
ALTER TABLE run_steps ADD COLUMN status_url text;
-- The receiver's last answer (status and up to 16 KiB of its JSON), for staff.
ALTER TABLE run_steps ADD COLUMN response_status integer;
ALTER TABLE run_steps ADD COLUMN response jsonb;
CREATE UNIQUE INDEX run_steps_callback_idx ON run_steps (callback_token_hash) WHERE callback_token_hash IS NOT NULL;
