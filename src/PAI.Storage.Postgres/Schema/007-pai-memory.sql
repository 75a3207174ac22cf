-- Memories (see PostgresMemoryStore): one row per memory with its float32 vector and its full-text vector (tsvector,
-- English stemming and stop words), so deleting the row deletes everything derived from it.
CREATE TABLE IF NOT EXISTS pai_memories
(
    service_id  varchar(150) NOT NULL,
    id          text         NOT NULL,
    principal   text         NOT NULL,
    agent       text         NULL,
    goal        text         NULL,
    project     text         NULL,
    text        text         NOT NULL,
    metadata    jsonb        NULL,
    occurred_at timestamptz  NOT NULL,
    recorded_at timestamptz  NOT NULL,
    model       text         NOT NULL,
    dim         integer      NOT NULL,
    vector      bytea        NOT NULL,
    seq         bigint       NOT NULL,
    ordinal     bigint       NOT NULL,
    document    tsvector     NOT NULL,
    PRIMARY KEY (service_id, id)
);

CREATE INDEX IF NOT EXISTS ix_pai_memories_principal_seq ON pai_memories (service_id, principal, seq);
CREATE INDEX IF NOT EXISTS ix_pai_memories_model ON pai_memories (service_id, model);
CREATE INDEX IF NOT EXISTS ix_pai_memories_document ON pai_memories USING gin (document);

-- Per principal: the change sequence caches follow, the epoch forget-all starts, and how far deletions were pruned.
-- Writers lock this row first, so a principal's changes commit in sequence order across silos.
CREATE TABLE IF NOT EXISTS pai_memory_heads
(
    service_id varchar(150) NOT NULL,
    principal  text         NOT NULL,
    epoch      bigint       NOT NULL,
    seq        bigint       NOT NULL,
    pruned_seq bigint       NOT NULL,
    PRIMARY KEY (service_id, principal)
);

-- The ids (only) of recently deleted memories, for caches to catch up; pruned after a retention period.
CREATE TABLE IF NOT EXISTS pai_memory_deletions
(
    service_id varchar(150) NOT NULL,
    principal  text         NOT NULL,
    seq        bigint       NOT NULL,
    id         text         NOT NULL,
    deleted_at timestamptz  NOT NULL,
    PRIMARY KEY (service_id, principal, seq)
);

CREATE INDEX IF NOT EXISTS ix_pai_memory_deletions_at ON pai_memory_deletions (service_id, deleted_at);

INSERT INTO pai_schema_version (version) VALUES (3) ON CONFLICT (version) DO NOTHING;
