using Npgsql;
using PAI.Testing.Postgres;

namespace PAI.Cluster.Tests.Infrastructure;

/// <summary>A local PostgreSQL, a shared data folder and a few PAI silos on them.</summary>
public sealed class ClusterHarness : IAsyncDisposable
{
    private ClusterHarness(LocalPostgres postgres, string connectionString, string dataDirectory)
    {
        Postgres = postgres;
        ConnectionString = connectionString;
        DataDirectory = dataDirectory;
    }

    public LocalPostgres Postgres { get; }

    public string ConnectionString { get; }

    public string DataDirectory { get; }

    public List<SiloProcess> Silos { get; } = [];

    /// <summary>Starts PostgreSQL (fsync on: the database-restart test relies on it) and <paramref name="silos"/> silos, one after another.</summary>
    public static async Task<ClusterHarness> StartAsync(int silos)
    {
        var postgres = await LocalPostgres.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("pai");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "pai-cluster-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var harness = new ClusterHarness(postgres, connectionString, dataDirectory);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                harness.Silos.Add(await SiloProcess.StartAsync($"silo{i + 1}", dataDirectory, connectionString));
            }
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }

        return harness;
    }

    public string WorkspaceOf(string goalId) => Path.Combine(DataDirectory, "workspaces", goalId);

    /// <summary>Membership rows: (silo port, status) where 3 = Active, 6 = Dead.</summary>
    public async Task<IReadOnlyDictionary<int, int>> MembershipAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, status FROM orleansmembershiptable;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<int, int>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetInt32(0)] = reader.GetInt32(1);
        }

        return rows;
    }

    /// <summary>The goal ids present in the goal index and with a goal grain-state row.</summary>
    public async Task<HashSet<string>> PersistedGoalsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT i.id FROM pai_goal_index i
            JOIN orleansstorage s ON s.graintypestring = 'goal' AND s.grainidextensionstring = i.id AND s.serviceid = i.service_id;
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public string Diagnostics() =>
        string.Join("\n", Silos.Select((s, i) => $"===== silo{i + 1} (port {s.SiloPort}) =====\n{Tail(s.Output, 20000)}")) + $"\n===== postgres =====\n{Tail(Postgres.ReadLog(), 3000)}";

    /// <summary>The first few errors the hosts' exception handler logged (the 500s), each with its exception's first
    /// lines: what a failing assertion about status codes needs, wherever in a long log they are.</summary>
    public string UnhandledRequestErrors(int max = 3)
    {
        var found = new List<string>();
        foreach (var (silo, i) in Silos.Select((s, i) => (s, i)))
        {
            var lines = silo.Output.Split('\n');
            for (var l = 0; l < lines.Length && found.Count < max; l++)
            {
                if (lines[l].Contains("fail: Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", StringComparison.Ordinal))
                {
                    found.Add($"silo{i + 1}:\n" + string.Join('\n', lines.Skip(l).Take(14)));
                }
            }
        }

        return found.Count == 0 ? "(no unhandled request error logged)" : string.Join("\n", found);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        await Postgres.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: temp folder.
        }
    }

    private static string Tail(string text, int chars) => text.Length <= chars ? text : text[^chars..];
}
