-- The temporal knowledge graph and the notes index (see PostgresKnowledgeStore). Facts point at entities by id;
-- pai_kg_fact_sources / pai_kg_entity_sources link facts and mentioned entities to the episodes that stated them, so
-- deleting an episode finds exactly what it alone supported. Every table carries the principal: forgetting a principal
-- is one delete per table. Writers of a principal serialize on an advisory lock, so resolution and conflicts see
-- every earlier write.
CREATE TABLE IF NOT EXISTS pai_kg_episodes
(
    service_id  varchar(150) NOT NULL,
    id          text         NOT NULL,
    principal   text         NOT NULL,
    kind        text         NOT NULL,
    source      text         NOT NULL,
    content     text         NOT NULL,
    occurred_at timestamptz  NOT NULL,
    recorded_at timestamptz  NOT NULL,
    fact_ids    text[]       NOT NULL,
    PRIMARY KEY (service_id, id)
);
CREATE INDEX IF NOT EXISTS ix_pai_kg_episodes_principal ON pai_kg_episodes (service_id, principal);

CREATE TABLE IF NOT EXISTS pai_kg_entities
(
    service_id  varchar(150) NOT NULL,
    id          text         NOT NULL,
    principal   text         NOT NULL,
    name        text         NOT NULL,
    type        text         NULL,
    created_at  timestamptz  NOT NULL,
    embed_model text         NULL,
    embedding   bytea        NULL,
    PRIMARY KEY (service_id, id)
);
CREATE INDEX IF NOT EXISTS ix_pai_kg_entities_principal ON pai_kg_entities (service_id, principal, embed_model);
CREATE INDEX IF NOT EXISTS ix_pai_kg_entities_unembedded ON pai_kg_entities (service_id, created_at) WHERE embed_model IS NULL;

CREATE TABLE IF NOT EXISTS pai_kg_entity_keys
(
    service_id varchar(150) NOT NULL,
    principal  text         NOT NULL,
    key        text         NOT NULL,
    entity_id  text         NOT NULL,
    PRIMARY KEY (service_id, principal, key)
);
CREATE INDEX IF NOT EXISTS ix_pai_kg_entity_keys_entity ON pai_kg_entity_keys (service_id, entity_id);

CREATE TABLE IF NOT EXISTS pai_kg_facts
(
    service_id     varchar(150) NOT NULL,
    id             text         NOT NULL,
    principal      text         NOT NULL,
    subject_id     text         NOT NULL,
    predicate      text         NOT NULL,
    object_id      text         NULL,
    value          text         NULL,
    single         boolean      NOT NULL,
    valid_from     timestamptz  NOT NULL,
    valid_to       timestamptz  NULL,
    recorded_at    timestamptz  NOT NULL,
    invalidated_at timestamptz  NULL,
    superseded_by  text         NULL,
    PRIMARY KEY (service_id, id)
);
CREATE INDEX IF NOT EXISTS ix_pai_kg_facts_subject ON pai_kg_facts (service_id, subject_id, predicate);
CREATE INDEX IF NOT EXISTS ix_pai_kg_facts_object ON pai_kg_facts (service_id, object_id) WHERE object_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_pai_kg_facts_recorded ON pai_kg_facts (service_id, principal, recorded_at);
CREATE INDEX IF NOT EXISTS ix_pai_kg_facts_invalidated ON pai_kg_facts (service_id, principal, invalidated_at) WHERE invalidated_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_pai_kg_facts_superseded ON pai_kg_facts (service_id, superseded_by) WHERE superseded_by IS NOT NULL;

CREATE TABLE IF NOT EXISTS pai_kg_fact_sources
(
    service_id varchar(150) NOT NULL,
    fact_id    text         NOT NULL,
    episode_id text         NOT NULL,
    principal  text         NOT NULL,
    ordinal    integer      NOT NULL,
    PRIMARY KEY (service_id, fact_id, episode_id)
);
CREATE INDEX IF NOT EXISTS ix_pai_kg_fact_sources_episode ON pai_kg_fact_sources (service_id, episode_id);

CREATE TABLE IF NOT EXISTS pai_kg_entity_sources
(
    service_id varchar(150) NOT NULL,
    entity_id  text         NOT NULL,
    episode_id text         NOT NULL,
    principal  text         NOT NULL,
    PRIMARY KEY (service_id, entity_id, episode_id)
);
CREATE INDEX IF NOT EXISTS ix_pai_kg_entity_sources_episode ON pai_kg_entity_sources (service_id, episode_id);

CREATE TABLE IF NOT EXISTS pai_kg_notes
(
    service_id      varchar(150) NOT NULL,
    principal       text         NOT NULL,
    path            text         NOT NULL,
    hash            text         NOT NULL,
    memory_ids      text[]       NOT NULL,
    episode_id      text         NOT NULL,
    pending_deletes text[]       NOT NULL,
    indexed_at      timestamptz  NOT NULL,
    PRIMARY KEY (service_id, principal, path)
);

INSERT INTO pai_schema_version (version) VALUES (6) ON CONFLICT (version) DO NOTHING;
