namespace PAI.Storage.Sqlite.Memory;

/// <summary>
/// The memory tables, created on the store's first memory operation (every statement idempotent). A memory is one
/// <c>memories</c> row (text, scope, metadata, times, model, float32 vector) and one row of the contentless FTS5 table
/// <c>memories_fts</c> with the same rowid (porter stemming over unicode61 tokens, ranked by bm25). A principal's
/// <c>memory_heads</c> row numbers its changes for caches (a memory's <c>ordinal</c> is the number it was added with,
/// its place in recording order; <c>seq</c> moves when it is re-embedded); <c>memory_deletions</c> keeps the ids (only) of recent deletions.
/// </summary>
internal static class SqliteMemorySchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS memories (
            row_id      INTEGER NOT NULL PRIMARY KEY,
            id          TEXT    NOT NULL UNIQUE,
            principal   TEXT    NOT NULL,
            agent       TEXT,
            goal        TEXT,
            project     TEXT,
            text        TEXT    NOT NULL,
            metadata    TEXT,
            occurred_at TEXT    NOT NULL,
            recorded_at TEXT    NOT NULL,
            model       TEXT    NOT NULL,
            dim         INTEGER NOT NULL,
            vector      BLOB    NOT NULL,
            seq         INTEGER NOT NULL,
            ordinal     INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_memories_principal_seq ON memories (principal, seq);
        CREATE INDEX IF NOT EXISTS ix_memories_model ON memories (model);
        CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(
            document, content='', contentless_delete=1, tokenize='porter unicode61');
        CREATE TABLE IF NOT EXISTS memory_heads (
            principal  TEXT    NOT NULL PRIMARY KEY,
            epoch      INTEGER NOT NULL,
            seq        INTEGER NOT NULL,
            pruned_seq INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS memory_deletions (
            principal  TEXT    NOT NULL,
            seq        INTEGER NOT NULL,
            id         TEXT    NOT NULL,
            deleted_at TEXT    NOT NULL,
            PRIMARY KEY (principal, seq)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_memory_deletions_at ON memory_deletions (deleted_at);
        """;
}
