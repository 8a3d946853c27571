-- A re-sent invitation's earlier links, kept as hashes, so an old link can say that a newer
-- email replaced it instead of "not valid".
CREATE TABLE invitation_replaced_links (
  token_hash text PRIMARY KEY,
  invitation_id uuid NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
  replaced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitation_replaced_links_invitation_idx ON invitation_replaced_links (invitation_id);
