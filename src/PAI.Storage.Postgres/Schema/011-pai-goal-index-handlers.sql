-- Goal-finished handlers (issue 16): a finished goal's index row shows its final status at once; whether its
-- finished handlers (memory write-back) are still to run is a separate flag, which the resume scan also reads.
ALTER TABLE pai_goal_index
    ADD COLUMN IF NOT EXISTS handlers_pending boolean NOT NULL DEFAULT false;

CREATE INDEX IF NOT EXISTS ix_pai_goal_index_handlers_pending ON pai_goal_index (service_id, id) WHERE handlers_pending;

INSERT INTO pai_schema_version (version) VALUES (16) ON CONFLICT (version) DO NOTHING;
