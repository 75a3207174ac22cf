using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using Npgsql;

namespace PAI.Storage.Postgres;

/// <summary>Per-principal usage from <c>pai_goal_index</c>, scoped by the Orleans service id.</summary>
public sealed class PostgresPrincipalUsageStore(NpgsqlDataSource dataSource, string serviceId, PostgresSchemaInitializer? schema = null) : IPrincipalUsageStore
{
    private static readonly int[] Unfinished = Enum.GetValues<GoalStatus>().Where(s => !s.IsTerminal()).Select(s => (int)s).ToArray();

    /// <inheritdoc />
    public async Task<PrincipalUsage> GetUsageAsync(string principal, DateTimeOffset stepsSince, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (schema is not null)
        {
            await schema.EnsureAsync(cancellationToken);
        }

        await using var command = dataSource.CreateCommand("""
            SELECT (SELECT count(*)::integer FROM pai_goal_index WHERE service_id = @s AND owner = @o AND status = ANY(@u)),
                   (SELECT COALESCE(sum(step_count), 0)::bigint FROM pai_goal_index WHERE service_id = @s AND owner = @o AND created_at >= @since);
            """);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("o", principal);
        command.Parameters.AddWithValue("u", Unfinished);
        command.Parameters.AddWithValue("since", stepsSince.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PrincipalUsage(reader.GetInt32(0), reader.GetInt64(1));
    }
}
