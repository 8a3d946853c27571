-- Staff single sign-on (OpenID Connect). A member who only ever signs in through the provider
-- has no password; the provider's (issuer, subject) pair links the member once known.
ALTER TABLE staff_users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE staff_users ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text;
CREATE UNIQUE INDEX staff_users_oidc_key ON staff_users (oidc_issuer, oidc_subject)
  WHERE oidc_subject IS NOT NULL;

-- One row per sign-in started: what the callback must match (state, nonce, PKCE verifier),
-- found by the hash of the browser's binding cookie, used once, gone after ten minutes.
CREATE TABLE staff_sso_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  binding_hash text NOT NULL UNIQUE,
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX staff_sso_requests_expires_idx ON staff_sso_requests (expires_at);
