-- The outbox is the email queue: each process's dispatcher claims what is due (SKIP LOCKED), so
-- a message needs no job of its own. due_at: when a queued or failed message is to be sent next,
-- or when a claim on a message being sent lapses; null when there is nothing to do (sent, given
-- up, or waiting for the email it follows).
ALTER TABLE email_outbox ADD COLUMN due_at timestamptz;

UPDATE email_outbox m SET due_at = CASE WHEN m.status = 'sending' THEN coalesce(m.claimed_until, now()) ELSE now() END
WHERE m.status IN ('queued', 'failed', 'sending')
  AND (m.after_id IS NULL OR m.status <> 'queued' OR EXISTS (
    SELECT 1 FROM email_outbox p WHERE p.id = m.after_id AND p.status IN ('sent', 'undeliverable')));

CREATE INDEX email_outbox_due_idx ON email_outbox (due_at) WHERE due_at IS NOT NULL;
