-- Failed sign-ins are counted per (realm, client address, email hash), not on the account row:
-- an email with no account locks exactly like one with an account, so lockout reveals nothing.
CREATE TABLE sign_in_failures (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_updated_at ON sign_in_failures (updated_at);

ALTER TABLE staff_users DROP COLUMN failed_logins, DROP COLUMN locked_until;
ALTER TABLE customer_users DROP COLUMN failed_logins, DROP COLUMN locked_until;
