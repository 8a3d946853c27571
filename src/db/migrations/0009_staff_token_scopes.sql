-- Staff API tokens act with scopes (the owner's roles or fewer, intersected with the owner's
-- roles at each use) and expire. Existing tokens keep their owner's roles for 90 days.
ALTER TABLE staff_api_tokens ADD COLUMN scopes text[] NOT NULL DEFAULT '{}';
ALTER TABLE staff_api_tokens ADD COLUMN expires_at timestamptz;
UPDATE staff_api_tokens t SET scopes = u.roles, expires_at = t.created_at + interval '90 days'
  FROM staff_users u WHERE u.id = t.staff_user_id;
ALTER TABLE staff_api_tokens ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE staff_api_tokens ALTER COLUMN scopes DROP DEFAULT;
CREATE INDEX staff_api_tokens_user_idx ON staff_api_tokens (staff_user_id, created_at DESC);
