using System.Globalization;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Sqlite;

/// <summary>Per-principal usage from the <c>goal_index</c> table (indexes on owner+status and owner+created_at).</summary>
public sealed class SqlitePrincipalUsageStore(SqliteStore store) : IPrincipalUsageStore
{
    private static readonly string UsageSql =
        "SELECT (SELECT COUNT(*) FROM goal_index WHERE owner = @o AND status IN (" +
        string.Join(", ", Enum.GetValues<GoalStatus>().Where(s => !s.IsTerminal()).Select(s => ((int)s).ToString(CultureInfo.InvariantCulture))) +
        ")), (SELECT COALESCE(SUM(step_count), 0) FROM goal_index WHERE owner = @o AND created_at >= @since);";

    /// <inheritdoc />
    public Task<PrincipalUsage> GetUsageAsync(string principal, DateTimeOffset stepsSince, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var since = SqliteTime.Format(stepsSince);
        return store.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = UsageSql;
            command.Parameters.AddWithValue("@o", principal);
            command.Parameters.AddWithValue("@since", since);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new PrincipalUsage(reader.GetInt32(0), reader.GetInt64(1));
        }, cancellationToken);
    }
}
