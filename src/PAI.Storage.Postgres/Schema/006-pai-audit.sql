-- The hash-chained audit log (see PostgresAuditStore), scoped by the Orleans service id like PAI's other tables.
CREATE TABLE IF NOT EXISTS pai_audit_log
(
    service_id  varchar(150) NOT NULL,
    seq         bigint       NOT NULL,
    at          timestamptz  NOT NULL,
    kind        text         NOT NULL,
    principal   text         NOT NULL,
    goal_id     text         NULL,
    step_id     text         NULL,
    agent       text         NULL,
    tool        text         NULL,
    args_digest text         NULL,
    outcome     text         NULL,
    detail      text         NULL,
    prev_hash   text         NOT NULL,
    hash        text         NOT NULL,
    PRIMARY KEY (service_id, seq)
);

CREATE INDEX IF NOT EXISTS ix_pai_audit_log_principal ON pai_audit_log (service_id, principal, seq);
CREATE INDEX IF NOT EXISTS ix_pai_audit_log_goal ON pai_audit_log (service_id, goal_id, seq);
CREATE INDEX IF NOT EXISTS ix_pai_audit_log_at ON pai_audit_log (service_id, at);

-- One row per service: the last sequence and hash. Appends lock it (SELECT ... FOR UPDATE), so the silos of a cluster
-- append one at a time and the chain never forks; it also lets the verifier notice entries cut off the end.
CREATE TABLE IF NOT EXISTS pai_audit_head
(
    service_id varchar(150) NOT NULL PRIMARY KEY,
    seq        bigint       NOT NULL,
    hash       text         NOT NULL
);

INSERT INTO pai_schema_version (version) VALUES (2) ON CONFLICT (version) DO NOTHING;
