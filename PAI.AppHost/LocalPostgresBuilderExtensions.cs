using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PAI.AppHost;

/// <summary>Adds a throw-away PostgreSQL run from the machine's installation as three executable resources.</summary>
public static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// Adds <c>{name}</c> (the server on a DCP-allocated loopback port, healthy once it accepts sessions) and, unless
    /// <paramref name="folder"/> already holds a cluster, <c>{name}-init</c> (one-shot <c>initdb</c>) before it and
    /// <c>{name}-createdb</c> (one-shot <c>createdb</c> of <paramref name="databaseName"/>) after it. The folder must
    /// exist and be writable by the server's user.
    /// </summary>
    public static LocalPostgres AddLocalPostgres(this IDistributedApplicationBuilder builder, string name, string databaseName, string folder, PostgresInstallation installation, bool initialized)
    {
        var dataDirectory = Path.Combine(folder, "data");

        var (postgres, postgresPrefix) = installation.ServerTool("postgres");
        var server = new LocalPostgresResource(name, postgres, folder, databaseName);
        var healthCheckKey = $"{name}-accepts-sessions";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new PostgresAcceptsConnectionsCheck(server), failureStatus: null, tags: null));
        var serverBuilder = builder.AddResource(server)
            // runuser keeps the environment, so PGPORT (the port DCP allocated) reaches the server.
            .WithArgs([.. postgresPrefix, "-D", dataDirectory, "-k", folder, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"])
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", env: "PGPORT")
            .WithHealthCheck(healthCheckKey);
        if (initialized)
        {
            return new LocalPostgres(serverBuilder, DatabaseCreated: null);
        }

        var (initdb, initdbPrefix) = installation.ServerTool("initdb");
        var init = builder.AddExecutable($"{name}-init", initdb, folder)
            .WithArgs([.. initdbPrefix, "-D", dataDirectory, "-U", LocalPostgresResource.SuperUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
            .WithParentRelationship(serverBuilder);
        serverBuilder.WaitForCompletion(init);

        var createdb = builder.AddExecutable($"{name}-createdb", installation.ClientTool("createdb"), folder)
            .WithArgs(context =>
            {
                context.Args.Add("--host");
                context.Args.Add(server.Endpoint.Property(EndpointProperty.Host));
                context.Args.Add("--port");
                context.Args.Add(server.Endpoint.Property(EndpointProperty.Port));
                context.Args.Add("--username");
                context.Args.Add(LocalPostgresResource.SuperUser);
                context.Args.Add(databaseName);
            })
            .WithParentRelationship(serverBuilder)
            .WaitFor(serverBuilder);
        return new LocalPostgres(serverBuilder, createdb);
    }
}
