-- Who cancelled a subscription and why, beside when: the console shows all three.
ALTER TABLE subscriptions
  ADD COLUMN cancelled_by uuid REFERENCES staff_users (id) ON DELETE SET NULL,
  ADD COLUMN cancellation_reason text;
