using System.Globalization;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PAI.AppHost.Tests;

/// <summary>
/// The development AppHost with two silos and the Aspire dashboard, started once by Aspire's testing host for every
/// test of the class (a start takes 40–60 s on two cores). The dashboard (off by default under the testing host) is on,
/// so tests can read what the silos sent it through its telemetry API.
/// Nothing starts when PostgreSQL is not installed: the tests are skipped then.
/// </summary>
public sealed class DevClusterFixture : IAsyncLifetime
{
    /// <summary>How many silos the fixture starts.</summary>
    public const int SiloCount = 2;

    // A safety net against hangs only.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private DistributedApplication? _app;

    /// <summary>The running application.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("the AppHost did not start");

    /// <summary>The admin API key the AppHost gave the silos.</summary>
    public string ApiKey { get; private set; } = "";

    /// <summary>An HTTP client for <paramref name="silo"/>'s API, authenticated with the admin key.</summary>
    public HttpClient Client(string silo)
    {
        var client = App.CreateHttpClient(silo, PaiClusterBuilderExtensions.HttpEndpointName);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>The current state of resource <paramref name="name"/>.</summary>
    public CustomResourceSnapshot Snapshot(string name) =>
        App.ResourceNotifications.TryGetCurrentState(name, out var state) ? state.Snapshot : throw new InvalidOperationException($"no resource {name}");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (new AppHostFactAttribute().Skip is not null)
        {
            return;
        }

        using var cancellation = new CancellationTokenSource(Patience);
        var ct = cancellation.Token;
        string[] args = ["--silos", SiloCount.ToString(CultureInfo.InvariantCulture)];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.PAI_AppHost>(args, (options, _) => options.DisableDashboard = false, ct);
        _app = await builder.BuildAsync(ct);
        await _app.StartAsync(ct);
        for (var i = 1; i <= SiloCount; i++)
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync($"silo{i}", ct);
        }

        var model = _app.Services.GetRequiredService<DistributedApplicationModel>();
        ApiKey = await model.Resources.OfType<ParameterResource>().Single(p => p.Name == "pai-api-key").GetValueAsync(ct) ?? "";
    }

    /// <summary>
    /// A client for the dashboard's telemetry API (<c>/api/telemetry/...</c>), at the address and with the API key the
    /// AppHost gave the dashboard.
    /// </summary>
    public HttpClient DashboardClient()
    {
        var environment = Environment("aspire-dashboard");
        var client = new HttpClient { BaseAddress = new Uri(environment["DASHBOARD__FRONTEND__PUBLICURL"]) };
        client.DefaultRequestHeaders.Add("X-API-Key", environment["DASHBOARD__API__PRIMARYAPIKEY"]);
        return client;
    }

    /// <summary>The environment resource <paramref name="name"/> was started with.</summary>
    public Dictionary<string, string> Environment(string name) =>
        Snapshot(name).EnvironmentVariables.ToDictionary(e => e.Name, e => e.Value ?? "", StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
