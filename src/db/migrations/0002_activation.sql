-- Activation: organizations, their admin and invitations, and the runs that provision them.

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id uuid NOT NULL UNIQUE REFERENCES subscriptions (id),
  name text NOT NULL,
  short_name text NOT NULL CHECK (short_name ~ '^[a-z0-9-]{1,63}$' AND short_name ~ '[a-z0-9]'),
  region text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('en', 'ko')),
  time_zone text NOT NULL,
  state text NOT NULL DEFAULT 'provisioning' CHECK (state IN ('provisioning', 'active', 'inactive', 'deleted')),
  setup text NOT NULL DEFAULT 'pending' CHECK (setup IN ('pending', 'running', 'done', 'failed')),
  verification text NOT NULL DEFAULT 'pending' CHECK (verification IN ('pending', 'verified')),
  created_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz
);
-- SPEC: a short name is unique per region, and never changes; this index is what enforces it
-- under concurrency.
CREATE UNIQUE INDEX organizations_region_short_name_key ON organizations (region, short_name);
CREATE INDEX organizations_short_name_idx ON organizations (short_name);

CREATE TABLE customer_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  email text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'user')),
  locale text NOT NULL CHECK (locale IN ('en', 'ko')),
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_users_organization_email_key ON customer_users (organization_id, lower(email));
CREATE INDEX customer_users_email_idx ON customer_users (lower(email));

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'user')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'revoked')),
  invited_by uuid REFERENCES customer_users (id) ON DELETE SET NULL,
  -- Issued when the invitation email is sent; re-sending replaces it (version counts them).
  token_hash text UNIQUE,
  token_version integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  expires_at timestamptz,
  accepted_at timestamptz,
  revoked_at timestamptz
);
CREATE UNIQUE INDEX invitations_pending_email_key ON invitations (organization_id, lower(email)) WHERE status = 'pending';
CREATE INDEX invitations_organization_idx ON invitations (organization_id, created_at);

-- The activation request that used a token, so the same request repeated answers the same result.
ALTER TABLE activation_tokens ADD COLUMN organization_id uuid REFERENCES organizations (id);
ALTER TABLE activation_tokens ADD COLUMN request_fingerprint text;

-- Background runs (provisioning at activation, setup at first login): ordered, recorded steps.
CREATE TABLE runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('provisioning', 'setup')),
  state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'succeeded', 'failed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (organization_id, kind)
);
CREATE INDEX runs_running_idx ON runs (updated_at) WHERE state = 'running';

CREATE TABLE run_steps (
  run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  key text NOT NULL,
  position integer NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  started_at timestamptz,
  finished_at timestamptz,
  last_error text,
  error_reference text,
  PRIMARY KEY (run_id, key),
  UNIQUE (run_id, position)
);

-- What provisioning creates in each organization.
CREATE TABLE divisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX divisions_default_key ON divisions (organization_id) WHERE is_default;

CREATE TABLE sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name text NOT NULL,
  locale text NOT NULL,
  time_zone text NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sites_default_key ON sites (organization_id) WHERE is_default;

CREATE TABLE role_grants (
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES customer_users (id) ON DELETE CASCADE,
  role text NOT NULL,
  division_id uuid NOT NULL REFERENCES divisions (id) ON DELETE CASCADE,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, role, division_id)
);
