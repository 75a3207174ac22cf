using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace PAI.AppHost;

/// <summary>Adds PAI's schema migration and its silos (PAI.Host in cluster mode) to the development AppHost.</summary>
public static class PaiClusterBuilderExtensions
{
    /// <summary>The name of the connection string every PAI process reads (<c>ConnectionStrings__pai</c>).</summary>
    public const string ConnectionName = "pai";

    /// <summary>The Orleans cluster id of the development cluster.</summary>
    public const string ClusterId = "pai-dev";

    /// <summary>The Orleans service id (grain state, goal index and keys are scoped by it).</summary>
    public const string ServiceId = "pai";

    /// <summary>Name of each silo's HTTP endpoint (API, <c>/readyz</c>, <c>/metrics</c>).</summary>
    public const string HttpEndpointName = "http";

    /// <summary>
    /// Adds <c>migrate</c>: a one-shot <c>PAI.Host --migrate</c> that applies PAI's schema once the database exists,
    /// then exits 0. Silos wait for it to complete.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddPaiMigration(this IDistributedApplicationBuilder builder, LocalPostgres postgres) =>
        postgres.WaitForDatabase(
            builder.AddProject<Projects.PAI_Host>("migrate", launchProfileName: null)
                .WithArgs("--migrate")
                .WithReference(postgres.Server, ConnectionName));

    /// <summary>
    /// Adds <c>silo1</c> … <c>silo{count}</c>: PAI.Host processes of one Orleans cluster on PostgreSQL, each with its
    /// HTTP endpoint (<paramref name="firstHttpPort"/> + i − 1), its Orleans silo and gateway ports (allocated by DCP),
    /// the shared <paramref name="dataDirectory"/>, the admin key, and a health check on <c>/readyz</c>. They start
    /// once <paramref name="migration"/> has completed. Their logs, traces and metrics go to the dashboard over OTLP.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddPaiSilos(
        this IDistributedApplicationBuilder builder,
        int count,
        int firstHttpPort,
        LocalPostgres postgres,
        IResourceBuilder<ProjectResource> migration,
        IResourceBuilder<ParameterResource> apiKey,
        string dataDirectory)
    {
        var silos = new List<IResourceBuilder<ProjectResource>>(count);
        for (var i = 1; i <= count; i++)
        {
            var silo = builder.AddProject<Projects.PAI_Host>($"silo{i.ToString(CultureInfo.InvariantCulture)}", launchProfileName: null)
                .WithHttpEndpoint(port: firstHttpPort + i - 1, name: HttpEndpointName)
                // Proxied like Aspire.Hosting.Orleans does, though peers connect to the advertised (target) port directly.
                .WithEndpoint(name: "orleans-silo", scheme: "tcp", env: "Orleans__Endpoints__SiloPort", isExternal: false)
                .WithEndpoint(name: "orleans-gateway", scheme: "tcp", env: "Orleans__Endpoints__GatewayPort", isExternal: false)
                .WithReference(postgres.Server, ConnectionName)
                .WithEnvironment("Orleans__ClusterId", ClusterId)
                .WithEnvironment("Orleans__ServiceId", ServiceId)
                .WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1")
                // The migrate resource applied the schema; silos only check it is there.
                .WithEnvironment("Pai__Postgres__ApplySchemaOnStart", "false")
                .WithEnvironment("PAI_DATA_DIR", dataDirectory)
                .WithEnvironment("PAI_API_KEY", apiKey)
                .WithHttpHealthCheck("/readyz", endpointName: HttpEndpointName)
                .WaitFor(postgres.Server)
                .WaitForCompletion(migration);
            silos.Add(silo);
        }

        return silos;
    }
}
