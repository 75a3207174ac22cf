using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.AppHost.Tests;

/// <summary>The development AppHost started whole: PostgreSQL, PAI's migration, two silos of one cluster.</summary>
public sealed class AppHostTests(DevClusterFixture cluster) : IClassFixture<DevClusterFixture>
{
    [AppHostFact]
    public async Task AppHost_TwoSilos_GoalSubmittedToOneSiloIsReadFromTheOther()
    {
        using var silo1 = cluster.Client("silo1");
        using var silo2 = cluster.Client("silo2");

        var id = await silo1.SubmitAsync(Goal("through the AppHost", Step("a", "echo", new { hello = "aspire" })));
        var goal = await silo2.WaitFinishedAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
    }

    [AppHostFact]
    public void AppHost_Migration_AppliedTheSchemaAndTheSilosDoNotApplyItThemselves()
    {
        var migrate = cluster.Snapshot("migrate");

        Assert.Equal(0, migrate.ExitCode);
        for (var i = 1; i <= DevClusterFixture.SiloCount; i++)
        {
            var environment = cluster.Environment($"silo{i}");
            Assert.Equal("false", environment["Pai__Postgres__ApplySchemaOnStart"]);
        }
    }

    [AppHostFact]
    public void AppHost_Silos_JoinOneClusterOnPostgresWithTheirOwnOrleansPorts()
    {
        var siloPorts = new HashSet<string>();
        for (var i = 1; i <= DevClusterFixture.SiloCount; i++)
        {
            var name = $"silo{i}";
            var environment = cluster.Environment(name);

            Assert.StartsWith("Host=", environment["ConnectionStrings__pai"], StringComparison.Ordinal);
            Assert.Equal(PaiClusterBuilderExtensions.ClusterId, environment["Orleans__ClusterId"]);
            Assert.True(siloPorts.Add(environment["Orleans__Endpoints__SiloPort"]), $"{name} shares an Orleans silo port");
        }
    }

    [AppHostFact]
    public async Task Dashboard_EverySilo_ItsLogsAndTracesArriveOverOtlp()
    {
        using var dashboard = cluster.DashboardClient();
        using var silo1 = cluster.Client("silo1");
        await silo1.SubmitAsync(Goal("traced", Step("a", "echo", new { trace = true })));

        for (var i = 1; i <= DevClusterFixture.SiloCount; i++)
        {
            foreach (var signal in new[] { "logs", "spans" })
            {
                // OTLP exporters send in batches every few seconds; wait for the first one (a safety limit, not a bound).
                var received = 0;
                for (var attempt = 0; attempt < 120 && received == 0; attempt++)
                {
                    var answer = await dashboard.GetFromJsonAsync<JsonObject>($"/api/telemetry/{signal}?resource=silo{i}&limit=5");
                    received = answer!["returnedCount"]!.GetValue<int>();
                    if (received == 0)
                    {
                        await Task.Delay(500);
                    }
                }

                Assert.True(received > 0, $"the dashboard has no {signal} from silo{i}");
            }
        }
    }
}
