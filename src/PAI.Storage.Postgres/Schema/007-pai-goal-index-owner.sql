-- Listing one owner's goals newest first pages by (created_at, id) within that owner.
CREATE INDEX IF NOT EXISTS ix_pai_goal_index_owner_created ON pai_goal_index (service_id, owner, created_at DESC, id DESC);

INSERT INTO pai_schema_version (version) VALUES (3) ON CONFLICT (version) DO NOTHING;
