using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using PAI.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Cluster.Tests;

/// <summary>
/// PostgreSQL turned read-only under a running silo (<c>default_transaction_read_only</c>, as on a standby): a
/// submission is answered 503 with Retry-After, /readyz is unhealthy, and both recover once writes work again.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class ReadOnlyDatabaseTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Submit_DatabaseReadOnly_Answers503WithRetryAfterAndRecoversWithoutRestart()
    {
        await using var cluster = await ClusterHarness.StartAsync(silos: 1);
        var silo = cluster.Silos[0];
        await silo.Client.SubmitAsync(Goal("before", Step("a", "echo", new { ok = true })));

        await SetReadOnlyAsync(cluster, readOnly: true);
        try
        {
            // Sessions cut off by the switch answer "terminating connection" (503, unavailable) once each; after
            // that every session is read-only. Every answer on the way is a 503 with Retry-After.
            string title;
            var attempts = 0;
            do
            {
                using var refused = await silo.Client.PostGoalAsync(Goal("read-only", Step("a", "echo", new { ok = true })), idempotencyKey: "read-only-1");
                var body = await refused.Content.ReadAsStringAsync();
                output.WriteLine($"read-only: {(int)refused.StatusCode} {body}");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
                title = JsonNode.Parse(body)!["title"]!.GetValue<string>();
            }
            while (title != "Store is read-only" && ++attempts < 20);

            Assert.Equal("Store is read-only", title);
            await FailoverTests.WaitUntilAsync(async () => !await ReadyAsync(silo), TimeSpan.FromSeconds(30), "/readyz stayed healthy on a read-only database\n" + cluster.Diagnostics());
        }
        finally
        {
            await SetReadOnlyAsync(cluster, readOnly: false);
        }

        await FailoverTests.WaitUntilAsync(() => ReadyAsync(silo), TimeSpan.FromSeconds(30), "/readyz did not recover\n" + cluster.Diagnostics());
        var id = await silo.Client.SubmitAsync(Goal("read-only", Step("a", "echo", new { ok = true })), idempotencyKey: "read-only-1");
        var goal = await silo.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(60));
        Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
    }

    private static async Task SetReadOnlyAsync(ClusterHarness cluster, bool readOnly)
    {
        // ALTER SYSTEM cannot run in a transaction, so one statement per command.
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using (var alter = new NpgsqlCommand(readOnly ? "ALTER SYSTEM SET default_transaction_read_only = on;" : "ALTER SYSTEM RESET default_transaction_read_only;", connection))
        {
            await alter.ExecuteNonQueryAsync();
        }

        await using (var reload = new NpgsqlCommand("SELECT pg_reload_conf();", connection))
        {
            await reload.ExecuteScalarAsync();
        }

        // An idle session applies a reload only after its next command; new sessions start with the new setting.
        await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();", connection);
        await terminate.ExecuteScalarAsync();
    }

    private static async Task<bool> ReadyAsync(SiloProcess silo)
    {
        using var response = await silo.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK;
    }
}
