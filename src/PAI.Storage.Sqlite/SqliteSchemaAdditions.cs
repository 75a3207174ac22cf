using Microsoft.Data.Sqlite;

namespace PAI.Storage.Sqlite;

/// <summary>
/// Schema added after the first release, applied on every open in the writer's schema transaction. SQLite has no
/// <c>ADD COLUMN IF NOT EXISTS</c>, so a column is added only when <c>pragma_table_info</c> does not list it: opening an
/// old file upgrades it, opening a current one changes nothing, and no version number has to be agreed on.
/// </summary>
internal static class SqliteSchemaAdditions
{
    /// <summary>Columns added to existing tables: (table, column, definition).</summary>
    private static readonly (string Table, string Column, string Definition)[] Columns =
    [
        ("api_keys", "scopes", "TEXT NULL"),
        ("api_keys", "prefix", "TEXT NULL"),
        ("api_keys", "revoked_at", "TEXT NULL"),
        ("api_keys", "last_used_at", "TEXT NULL"),
        ("goal_index", "handlers_pending", "INTEGER NOT NULL DEFAULT 0"),
    ];

    /// <summary>Tables and indexes added later; idempotent.</summary>
    private const string Tables = """
        CREATE INDEX IF NOT EXISTS ix_api_keys_created ON api_keys (created_at, key_id);
        CREATE INDEX IF NOT EXISTS ix_goal_index_owner_status ON goal_index (owner, status);
        CREATE INDEX IF NOT EXISTS ix_goal_index_handlers_pending ON goal_index (id) WHERE handlers_pending <> 0;
        CREATE TABLE IF NOT EXISTS reminders (
            grain_id   TEXT    NOT NULL,
            name       TEXT    NOT NULL,
            grain_hash INTEGER NOT NULL,
            start_at   TEXT    NOT NULL,
            period_ms  INTEGER NOT NULL,
            etag       INTEGER NOT NULL,
            PRIMARY KEY (grain_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_reminders_hash ON reminders (grain_hash);
        """;

    /// <summary>Adds what is missing.</summary>
    public static void Apply(SqliteConnection connection, SqliteTransaction transaction)
    {
        foreach (var (table, column, definition) in Columns)
        {
            using var probe = connection.CreateCommand();
            probe.Transaction = transaction;
            probe.CommandText = "SELECT COUNT(*) FROM pragma_table_info(@t) WHERE name = @c;";
            probe.Parameters.AddWithValue("@t", table);
            probe.Parameters.AddWithValue("@c", column);
            if (Convert.ToInt64(probe.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                continue;
            }

            using var alter = connection.CreateCommand();
            alter.Transaction = transaction;
            alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition};";
            alter.ExecuteNonQuery();
        }

        using var tables = connection.CreateCommand();
        tables.Transaction = transaction;
        tables.CommandText = Tables;
        tables.ExecuteNonQuery();
    }
}
