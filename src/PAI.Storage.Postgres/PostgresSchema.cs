using System.Reflection;
using Npgsql;

namespace PAI.Storage.Postgres;

/// <summary>
/// PAI's PostgreSQL schema: Orleans' membership, grain state and reminder tables with their named queries, and PAI's
/// goal index and API keys. The scripts ship as embedded resources (<c>Schema/*.sql</c>) and are idempotent, so
/// applying them on every start, from several silos at once, is safe.
/// </summary>
public static class PostgresSchema
{
    // Any constant works; it only has to be the same for every PAI process that migrates this database.
    private const long MigrationLockKey = 0x5041_4953_4348_454D; // "PAISCHEM"

    private const string ResourcePrefix = "PAI.Storage.Postgres.Schema.";

    /// <summary>The schema scripts in the order they are applied: (name, SQL).</summary>
    public static IReadOnlyList<(string Name, string Sql)> Scripts { get; } = LoadScripts();

    /// <summary>
    /// Applies every script in one transaction under an advisory lock, so concurrent starts serialize and a failure
    /// leaves the database as it was.
    /// </summary>
    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k);", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("k", MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (_, sql) in Scripts)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static List<(string Name, string Sql)> LoadScripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[ResourcePrefix.Length..], Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
