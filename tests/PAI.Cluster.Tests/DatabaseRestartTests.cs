using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PAI.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Cluster.Tests;

/// <summary>
/// PostgreSQL restarted while clients submit goals: every goal acknowledged with 2xx is in the store, every request
/// during the outage is answered 503 with Retry-After (not 500), and /readyz is unhealthy until the database is back.
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task SubmitUnderLoad_PostgresRestarted_EveryAcknowledgedGoalIsPersistedAndRefusalsAre503()
    {
        await using var cluster = await ClusterHarness.StartAsync(silos: 2);
        var acknowledged = new ConcurrentDictionary<string, DateTime>();
        var failures = new ConcurrentBag<string>();
        var unexpected = new ConcurrentBag<string>();
        var restartedAt = DateTime.MaxValue;
        using var stop = new CancellationTokenSource();

        var clients = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var silo = cluster.Silos[worker % cluster.Silos.Count];
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    using var response = await silo.Client.PostGoalAsync(
                        Goal($"load {worker}/{n}", Step("a", "echo", new { worker, n })), idempotencyKey: $"w{worker}-{n}");
                    if (response.IsSuccessStatusCode)
                    {
                        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
                        acknowledged[id] = DateTime.UtcNow;
                    }
                    else
                    {
                        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? $"+retry-after {delta.TotalSeconds:F0}s" : "";
                        failures.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) + retryAfter);
                        if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                        {
                            unexpected.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    failures.Add(ex.GetType().Name);
                }
            }
        })).ToArray();

        await FailoverTests.WaitUntilAsync(() => acknowledged.Count >= 10, TimeSpan.FromSeconds(60), "no goal accepted before the restart\n" + cluster.Diagnostics());
        var beforeRestart = acknowledged.Count;
        var clock = Stopwatch.StartNew();
        await cluster.Postgres.StopServerAsync("immediate"); // a crash: no checkpoint, recovery from the WAL on start
        await FailoverTests.WaitUntilAsync(async () => !await ReadyAsync(cluster.Silos[0]), TimeSpan.FromSeconds(30), "/readyz stayed healthy with PostgreSQL down\n" + cluster.Diagnostics());
        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.Postgres.StartServerAsync();
        restartedAt = DateTime.UtcNow;
        var downFor = clock.Elapsed.TotalSeconds;

        // Accepting again: new 2xx after the restart, from both silos.
        await FailoverTests.WaitUntilAsync(() => acknowledged.Values.Count(t => t > restartedAt) >= 20, FailoverTests.SafetyTimeout, "no goal accepted after PostgreSQL came back\n" + cluster.Diagnostics());
        var firstAfter = (acknowledged.Values.Where(t => t > restartedAt).Min() - restartedAt).TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var persisted = await cluster.PersistedGoalsAsync();
        var missing = acknowledged.Keys.Where(id => !persisted.Contains(id)).ToList();
        output.WriteLine($"db restart: down {downFor:F2} s; acknowledged {acknowledged.Count} ({beforeRestart} before the stop), refused/failed {failures.Count} ({string.Join(", ", failures.GroupBy(f => f).Select(g => $"{g.Key}×{g.Count()}"))}); first 2xx {firstAfter:F2} s after restart; acknowledged but not persisted: {missing.Count}");
        Assert.True(missing.Count == 0, $"acknowledged but not persisted: {string.Join(", ", missing.Take(10))}\n{cluster.Diagnostics()}");
        Assert.True(unexpected.IsEmpty, $"refused with something other than 503: {string.Join("\n", unexpected.Take(5))}\n{cluster.UnhandledRequestErrors()}\n{cluster.Diagnostics()}");
        Assert.All(failures.Where(f => f.StartsWith("503", StringComparison.Ordinal)), f => Assert.Contains("retry-after", f, StringComparison.Ordinal));
        await FailoverTests.WaitUntilAsync(() => ReadyAsync(cluster.Silos[0]), TimeSpan.FromSeconds(30), "/readyz did not recover after PostgreSQL came back\n" + cluster.Diagnostics());

        // And every acknowledged goal finishes (its single echo step ran).
        foreach (var id in acknowledged.Keys.Take(50))
        {
            var goal = await cluster.Silos[0].Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(60));
            Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
        }
    }

    private static async Task<bool> ReadyAsync(SiloProcess silo)
    {
        using var response = await silo.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK;
    }
}
