namespace PAI.Storage.Sqlite.Knowledge;

/// <summary>
/// The knowledge graph and notes index tables, created on first use (every statement idempotent). Facts point at
/// entities by id; <c>kg_fact_sources</c> and <c>kg_entity_sources</c> link facts and mentioned entities to the
/// episodes that stated them, so deleting an episode finds exactly what it alone supported. Every table carries the
/// principal, so forgetting a principal is one delete per table.
/// </summary>
internal static class SqliteKnowledgeSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS kg_episodes (
            id          TEXT NOT NULL PRIMARY KEY,
            principal   TEXT NOT NULL,
            kind        TEXT NOT NULL,
            source      TEXT NOT NULL,
            content     TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            fact_ids    TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_kg_episodes_principal ON kg_episodes (principal);
        CREATE INDEX IF NOT EXISTS ix_kg_episodes_source ON kg_episodes (principal, kind, source);
        CREATE TABLE IF NOT EXISTS kg_entities (
            id          TEXT NOT NULL PRIMARY KEY,
            principal   TEXT NOT NULL,
            name        TEXT NOT NULL,
            type        TEXT,
            created_at  TEXT NOT NULL,
            embed_model TEXT,
            embedding   BLOB
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_kg_entities_principal ON kg_entities (principal, embed_model);
        CREATE INDEX IF NOT EXISTS ix_kg_entities_unembedded ON kg_entities (created_at) WHERE embed_model IS NULL;
        CREATE TABLE IF NOT EXISTS kg_entity_keys (
            principal TEXT NOT NULL,
            key       TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            PRIMARY KEY (principal, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_kg_entity_keys_entity ON kg_entity_keys (entity_id);
        CREATE TABLE IF NOT EXISTS kg_facts (
            id             TEXT    NOT NULL PRIMARY KEY,
            principal      TEXT    NOT NULL,
            subject_id     TEXT    NOT NULL,
            predicate      TEXT    NOT NULL,
            object_id      TEXT,
            value          TEXT,
            single         INTEGER NOT NULL,
            valid_from     TEXT    NOT NULL,
            valid_to       TEXT,
            recorded_at    TEXT    NOT NULL,
            invalidated_at TEXT,
            superseded_by  TEXT
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_kg_facts_subject ON kg_facts (subject_id, predicate);
        CREATE INDEX IF NOT EXISTS ix_kg_facts_object ON kg_facts (object_id) WHERE object_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_kg_facts_recorded ON kg_facts (principal, recorded_at);
        CREATE INDEX IF NOT EXISTS ix_kg_facts_invalidated ON kg_facts (principal, invalidated_at) WHERE invalidated_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_kg_facts_superseded ON kg_facts (superseded_by) WHERE superseded_by IS NOT NULL;
        CREATE TABLE IF NOT EXISTS kg_fact_sources (
            fact_id    TEXT    NOT NULL,
            episode_id TEXT    NOT NULL,
            principal  TEXT    NOT NULL,
            ordinal    INTEGER NOT NULL,
            PRIMARY KEY (fact_id, episode_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_kg_fact_sources_episode ON kg_fact_sources (episode_id, ordinal);
        CREATE TABLE IF NOT EXISTS kg_entity_sources (
            entity_id  TEXT NOT NULL,
            episode_id TEXT NOT NULL,
            principal  TEXT NOT NULL,
            PRIMARY KEY (entity_id, episode_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_kg_entity_sources_episode ON kg_entity_sources (episode_id);
        CREATE TABLE IF NOT EXISTS kg_notes (
            principal       TEXT NOT NULL,
            path            TEXT NOT NULL,
            hash            TEXT NOT NULL,
            memory_ids      TEXT NOT NULL,
            episode_id      TEXT NOT NULL,
            pending_deletes TEXT NOT NULL,
            indexed_at      TEXT NOT NULL,
            PRIMARY KEY (principal, path)
        ) WITHOUT ROWID;
        """;
}
