namespace PAI.Storage.Sqlite;

/// <summary>The store's tables; every statement is idempotent so opening an existing file changes nothing.</summary>
internal static class SqliteSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            applied_at TEXT    NOT NULL
        );
        -- One row, rewritten by the host's readiness probe: proves a write commits (docs/observability.md).
        CREATE TABLE IF NOT EXISTS write_probe (
            id        INTEGER NOT NULL PRIMARY KEY,
            probed_at TEXT    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_id   TEXT    NOT NULL,
            state_name TEXT    NOT NULL,
            etag       INTEGER NOT NULL,
            data       BLOB    NOT NULL,
            updated_at TEXT    NOT NULL,
            PRIMARY KEY (grain_id, state_name)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS goal_index (
            id         TEXT    NOT NULL PRIMARY KEY,
            owner      TEXT    NOT NULL,
            title      TEXT    NOT NULL,
            status     INTEGER NOT NULL,
            created_at TEXT    NOT NULL,
            updated_at TEXT    NOT NULL,
            step_count INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_goal_index_owner_created ON goal_index (owner, created_at);
        CREATE INDEX IF NOT EXISTS ix_goal_index_status ON goal_index (status);
        CREATE INDEX IF NOT EXISTS ix_goal_index_created ON goal_index (created_at, id);
        CREATE TABLE IF NOT EXISTS api_keys (
            key_id      TEXT NOT NULL PRIMARY KEY,
            principal   TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            role        TEXT NOT NULL,
            created_at  TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS audit_log (
            seq         INTEGER NOT NULL PRIMARY KEY,
            at          TEXT    NOT NULL,
            kind        TEXT    NOT NULL,
            principal   TEXT    NOT NULL,
            goal_id     TEXT,
            step_id     TEXT,
            agent       TEXT,
            tool        TEXT,
            args_digest TEXT,
            outcome     TEXT,
            detail      TEXT,
            prev_hash   TEXT    NOT NULL,
            hash        TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_audit_log_principal ON audit_log (principal, seq);
        CREATE INDEX IF NOT EXISTS ix_audit_log_goal ON audit_log (goal_id, seq);
        CREATE TABLE IF NOT EXISTS audit_head (
            id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            seq  INTEGER NOT NULL,
            hash TEXT    NOT NULL
        );
        """;
}
