-- One row per service, rewritten by each silo's readiness probe: proves a write commits (docs/observability.md,
-- "Readiness under faults"). Read-only sessions (a standby, default_transaction_read_only) refuse it.
CREATE TABLE IF NOT EXISTS pai_write_probe
(
    service_id varchar(150) NOT NULL PRIMARY KEY,
    probed_at  timestamptz  NOT NULL
);

INSERT INTO pai_schema_version (version) VALUES (4) ON CONFLICT (version) DO NOTHING;
