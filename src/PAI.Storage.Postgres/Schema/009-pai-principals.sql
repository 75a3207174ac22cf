-- Principals (issue 13): API keys with roles, scopes, revocation and coalesced last-used times (revoked keys stay as
-- history), and the index quotas count a principal's unfinished goals with.
ALTER TABLE pai_api_keys
    ADD COLUMN IF NOT EXISTS scopes       text        NULL,
    ADD COLUMN IF NOT EXISTS prefix       text        NULL,
    ADD COLUMN IF NOT EXISTS revoked_at   timestamptz NULL,
    ADD COLUMN IF NOT EXISTS last_used_at timestamptz NULL;

CREATE INDEX IF NOT EXISTS ix_pai_api_keys_created ON pai_api_keys (service_id, created_at, key_id);
CREATE INDEX IF NOT EXISTS ix_pai_goal_index_owner_status ON pai_goal_index (service_id, owner, status);

INSERT INTO pai_schema_version (version) VALUES (13) ON CONFLICT (version) DO NOTHING;
