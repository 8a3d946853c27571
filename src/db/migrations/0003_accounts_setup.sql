-- Customer sign-in, and what the first login's setup run creates: features and billing.

CREATE TABLE customer_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES customer_users (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX customer_sessions_user_idx ON customer_sessions (user_id);

CREATE TABLE organization_features (
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  feature text NOT NULL,
  -- The subscribed products that bring this feature.
  skus text[] NOT NULL,
  enabled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, feature)
);

CREATE TABLE billing_accounts (
  organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('trial', 'paid')),
  -- A trial is never charged.
  charges_enabled boolean NOT NULL,
  currency text,
  rate_plan text,
  trial_ends_at timestamptz,
  starts_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'trial' AND NOT charges_enabled AND trial_ends_at IS NOT NULL)
      OR (kind = 'paid' AND charges_enabled AND currency IS NOT NULL AND rate_plan IS NOT NULL))
);

CREATE TABLE billing_quantities (
  organization_id uuid NOT NULL REFERENCES billing_accounts (organization_id) ON DELETE CASCADE,
  sku text NOT NULL,
  quantity integer NOT NULL CHECK (quantity >= 1),
  PRIMARY KEY (organization_id, sku)
);
