-- Nothing reads the outbox by "not sent yet, oldest first" any more: since 0015 the dispatchers
-- claim through email_outbox_due_idx. One index fewer to write with every email queued and
-- every email settled (a settle changes indexed columns, so each index gets a new entry).
DROP INDEX IF EXISTS email_outbox_pending_idx;
