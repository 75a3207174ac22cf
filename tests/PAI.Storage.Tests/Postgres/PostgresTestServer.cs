using PAI.Testing.Postgres;

namespace PAI.Storage.Tests.Postgres;

/// <summary>One local PostgreSQL for the whole test run, started on first use and stopped when the process exits.</summary>
public static class PostgresTestServer
{
    private static readonly Lazy<Task<LocalPostgres>> Server = new(StartAsync);

    /// <summary>Null when PostgreSQL can run here; otherwise why the PostgreSQL tests are skipped.</summary>
    public static string? SkipReason { get; } = LocalPostgres.UnavailableReason();

    /// <summary>The running server.</summary>
    public static Task<LocalPostgres> GetAsync() => Server.Value;

    private static async Task<LocalPostgres> StartAsync()
    {
        // fsync off: these tests check the contract, not the disk; the server is never crashed here.
        var server = await LocalPostgres.StartAsync(new Dictionary<string, string> { ["fsync"] = "off", ["synchronous_commit"] = "off" });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
