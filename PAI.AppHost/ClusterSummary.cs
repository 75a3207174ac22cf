using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PAI.AppHost;

/// <summary>
/// Writes one summary once every silo is healthy: each silo's API address, the dashboard's address with its login link,
/// and where the admin key is (a file readable by the AppHost's user only; the key itself is never printed).
/// </summary>
public sealed partial class ClusterSummary(IReadOnlyList<IResourceBuilder<ProjectResource>> silos, string apiKeyFile, DevFolder folder)
{
    private int _ready;

    /// <summary>Subscribes to each silo's <see cref="ResourceReadyEvent"/>.</summary>
    public void SubscribeTo(IDistributedApplicationBuilder builder)
    {
        foreach (var silo in silos)
        {
            builder.Eventing.Subscribe<ResourceReadyEvent>(silo.Resource, (e, _) =>
            {
                if (Interlocked.Increment(ref _ready) == silos.Count)
                {
                    Write(e.Services);
                }

                return Task.CompletedTask;
            });
        }
    }

    private void Write(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PAI.AppHost");
        var configuration = services.GetRequiredService<IConfiguration>();
        LogClusterUp(logger, silos.Count);
        foreach (var silo in silos)
        {
            var url = silo.GetEndpoint(PaiClusterBuilderExtensions.HttpEndpointName).Url;
            LogSilo(logger, silo.Resource.Name, url);
        }

        var model = services.GetRequiredService<DistributedApplicationModel>();
        if (model.Resources.Any(r => r.Name == "aspire-dashboard")
            && configuration["ASPNETCORE_URLS"]?.Split(';')[0] is { Length: > 0 } dashboard)
        {
            var token = configuration["AppHost:BrowserToken"];
            LogDashboard(logger, dashboard, string.IsNullOrEmpty(token) ? dashboard : $"{dashboard.TrimEnd('/')}/login?t={token}");
        }

        LogApiKey(logger, apiKeyFile);
        LogDataFolder(logger, folder.Root, folder.Temporary ? "deleted when the AppHost stops" : "kept");
    }
}
