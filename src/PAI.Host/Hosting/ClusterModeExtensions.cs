using System.Net;
using Orleans.Configuration;
using PAI.Storage.Postgres;
using PAI.Storage.Postgres.Hosting;

namespace PAI.Host.Hosting;

/// <summary>
/// Cluster mode: chosen when <c>ConnectionStrings:pai</c> (env <c>ConnectionStrings__pai</c>) is set. Membership, grain
/// state and reminders live in PostgreSQL through Orleans' ADO.NET providers; identity and ports come from Orleans'
/// own configuration section, as with Aspire's Orleans integration.
/// </summary>
public static class ClusterModeExtensions
{
    /// <summary>The connection string name (<c>ConnectionStrings:pai</c>).</summary>
    public const string ConnectionStringName = "pai";

    /// <summary>The command-line switch that applies the schema and exits.</summary>
    public const string MigrateArgument = "--migrate";

    /// <summary>Orleans' default silo port, used in cluster mode when <c>Orleans:Endpoints:SiloPort</c> is not set.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>Orleans' default gateway port, used in cluster mode when <c>Orleans:Endpoints:GatewayPort</c> is not set.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>
    /// Configures the silo for cluster mode:
    /// <list type="bullet">
    /// <item><c>Orleans:ClusterId</c> (default <c>pai</c>) and <c>Orleans:ServiceId</c> (default <c>pai</c>);</item>
    /// <item><c>Orleans:Endpoints:SiloPort</c> (11111), <c>Orleans:Endpoints:GatewayPort</c> (30000),
    /// <c>Orleans:Endpoints:AdvertisedIPAddress</c> (127.0.0.1; set the machine's LAN address on a real cluster),
    /// <c>Orleans:Endpoints:ListenOnAnyHostAddress</c> (false);</item>
    /// <item>membership timing from <c>Orleans:Membership</c> over <see cref="HomeLanMembership"/>'s defaults;</item>
    /// <item><c>Pai:Postgres:ApplySchemaOnStart</c> (true).</item>
    /// </list>
    /// </summary>
    public static ISiloBuilder UsePaiCluster(this ISiloBuilder silo, IConfiguration configuration, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var orleans = configuration.GetSection("Orleans");
        var endpoints = orleans.GetSection("Endpoints");
        var advertised = endpoints["AdvertisedIPAddress"] is { Length: > 0 } ip ? IPAddress.Parse(ip) : IPAddress.Loopback;
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = orleans["ClusterId"] ?? "pai";
            o.ServiceId = orleans["ServiceId"] ?? "pai";
        });
        silo.ConfigureEndpoints(
            advertised,
            endpoints.GetValue<int?>("SiloPort") ?? DefaultSiloPort,
            endpoints.GetValue<int?>("GatewayPort") ?? DefaultGatewayPort,
            listenOnAnyHostAddress: endpoints.GetValue<bool?>("ListenOnAnyHostAddress") ?? false);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            HomeLanMembership.Apply(o);
            orleans.GetSection("Membership").Bind(o);
        });
        var postgres = configuration.GetSection("Pai:Postgres");
        silo.AddPostgresStore(o =>
        {
            postgres.Bind(o);
            o.ConnectionString = connectionString;
        });
        return silo;
    }

    /// <summary><c>PAI.Host --migrate</c>: applies the PostgreSQL schema to <c>ConnectionStrings:pai</c> and exits (0 on success).</summary>
    public static async Task<int> MigrateAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a != MigrateArgument).ToArray())
            .Build();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync("--migrate needs ConnectionStrings__pai (or --ConnectionStrings:pai=...).");
            return 2;
        }

        await PostgresSchema.ApplyAsync(connectionString);
        Console.WriteLine($"PostgreSQL schema applied ({PostgresSchema.Scripts.Count} scripts: {string.Join(", ", PostgresSchema.Scripts.Select(s => s.Name))}).");
        return 0;
    }
}
