-- Foundation: staff, subscriptions, activation tokens, email outbox, audit, rate limits.

CREATE TABLE staff_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_users_email_key ON staff_users (lower(email));

CREATE TABLE staff_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_user_id uuid NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX staff_sessions_user_idx ON staff_sessions (staff_user_id);

CREATE TABLE staff_api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_user_id uuid NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company text NOT NULL,
  contact_name text NOT NULL,
  contact_email text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('en', 'ko')),
  kind text NOT NULL CHECK (kind IN ('trial', 'paid')),
  trial_days integer CHECK (trial_days BETWEEN 1 AND 90),
  currency text,
  rate_plan text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'activated', 'cancelled')),
  created_by uuid REFERENCES staff_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  cancelled_at timestamptz,
  CHECK ((kind = 'trial' AND trial_days IS NOT NULL) OR (kind = 'paid' AND currency IS NOT NULL AND rate_plan IS NOT NULL))
);
-- Newest first with a stable tie-break: the list's cursor is (created_at, id).
CREATE INDEX subscriptions_created_idx ON subscriptions (created_at DESC, id DESC);
CREATE INDEX subscriptions_status_created_idx ON subscriptions (status, created_at DESC, id DESC);
CREATE INDEX subscriptions_contact_email_idx ON subscriptions (lower(contact_email));

CREATE TABLE subscription_products (
  subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  sku text NOT NULL,
  quantity integer NOT NULL CHECK (quantity >= 1),
  PRIMARY KEY (subscription_id, sku)
);

CREATE TABLE activation_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  replaced_at timestamptz,
  used_at timestamptz
);
CREATE INDEX activation_tokens_subscription_idx ON activation_tokens (subscription_id, created_at DESC);
-- At most one live token per subscription: re-sending replaces it in the same transaction.
CREATE UNIQUE INDEX activation_tokens_live_key ON activation_tokens (subscription_id) WHERE replaced_at IS NULL;

CREATE TABLE email_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- One message per causing event: a retried or repeated event never queues a second copy.
  event_key text NOT NULL UNIQUE,
  template text NOT NULL,
  locale text NOT NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  subscription_id uuid REFERENCES subscriptions (id) ON DELETE CASCADE,
  organization_id uuid,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  claimed_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX email_outbox_subscription_idx ON email_outbox (subscription_id, created_at);
CREATE INDEX email_outbox_organization_idx ON email_outbox (organization_id, created_at);
CREATE INDEX email_outbox_pending_idx ON email_outbox (created_at) WHERE status <> 'sent';

-- The embedded default's local mailbox: what the local transport "delivered".
CREATE TABLE mailbox_messages (
  id bigserial PRIMARY KEY,
  outbox_id uuid UNIQUE REFERENCES email_outbox (id) ON DELETE CASCADE,
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_type text NOT NULL CHECK (actor_type IN ('staff', 'customer', 'system', 'anonymous')),
  actor_id text,
  action text NOT NULL,
  subscription_id uuid,
  organization_id uuid,
  request_id text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_subscription_idx ON audit_events (subscription_id, id);
CREATE INDEX audit_events_organization_idx ON audit_events (organization_id, id);
-- Append-only: the trail is evidence, so the database refuses edits.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- Fixed-window counters shared by every app process.
CREATE TABLE rate_limit_counters (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  window_ends_at timestamptz NOT NULL
);

-- One-off facts about this installation (demo created, first staff password printed).
CREATE TABLE app_state (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
