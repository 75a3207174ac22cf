-- PAI's own tables beside Orleans' (same database, same backups).
CREATE TABLE IF NOT EXISTS pai_goal_index
(
    service_id varchar(150) NOT NULL,
    id         text         NOT NULL,
    owner      text         NOT NULL,
    title      text         NOT NULL,
    status     integer      NOT NULL,
    created_at timestamptz  NOT NULL,
    updated_at timestamptz  NOT NULL,
    step_count integer      NOT NULL,
    PRIMARY KEY (service_id, id)
);

CREATE INDEX IF NOT EXISTS ix_pai_goal_index_created ON pai_goal_index (service_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS ix_pai_goal_index_status ON pai_goal_index (service_id, status);

CREATE TABLE IF NOT EXISTS pai_api_keys
(
    service_id  varchar(150) NOT NULL,
    key_id      text         NOT NULL,
    principal   text         NOT NULL,
    secret_hash text         NOT NULL,
    role        text         NOT NULL,
    created_at  timestamptz  NOT NULL,
    PRIMARY KEY (service_id, key_id)
);

INSERT INTO pai_schema_version (version) VALUES (1) ON CONFLICT (version) DO NOTHING;
