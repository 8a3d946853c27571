-- Verification: the automated checks and the CX specialist's sign-off.

CREATE TABLE verification_checks (
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  key text NOT NULL,
  status text NOT NULL CHECK (status IN ('passed', 'failed')),
  detail text,
  checked_at timestamptz NOT NULL,
  PRIMARY KEY (organization_id, key)
);

ALTER TABLE organizations ADD COLUMN verified_by uuid REFERENCES staff_users (id) ON DELETE SET NULL;
ALTER TABLE organizations ADD COLUMN verified_at timestamptz;
ALTER TABLE organizations ADD COLUMN verification_notes text;
ALTER TABLE organizations ADD COLUMN verification_override boolean NOT NULL DEFAULT false;
-- When setup finished: the verification queue is ordered by it.
ALTER TABLE organizations ADD COLUMN setup_done_at timestamptz;

CREATE INDEX organizations_verification_queue_idx ON organizations (setup_done_at, created_at) WHERE verification = 'pending';
CREATE INDEX organizations_name_idx ON organizations (lower(name));

-- An email that must wait for another (the welcome email waits for the thank-you email): its
-- delivery is queued only once the one before it is sent or given up.
ALTER TABLE email_outbox ADD COLUMN after_id uuid REFERENCES email_outbox (id) ON DELETE SET NULL;
CREATE INDEX email_outbox_after_idx ON email_outbox (after_id) WHERE after_id IS NOT NULL;

-- 'undeliverable': every retry failed; staff can re-send it.
ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_status_check;
ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'undeliverable'));
