using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Storage;
using PAI.Storage.Postgres;
using PAI.Storage.Postgres.Hosting;
using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Postgres;

/// <summary>A new database on the shared test server, and the PostgreSQL store opened over it through the real registration.</summary>
public sealed class PostgresTestStorage
{
    private readonly string _database = "t_" + Guid.NewGuid().ToString("N");
    private string? _connectionString;

    /// <summary>The service id rows are scoped by.</summary>
    public const string ServiceId = "pai-tests";

    /// <summary>The test database's connection string; the database is created, with the schema, on first call.</summary>
    public async Task<string> GetConnectionStringAsync()
    {
        if (_connectionString is null)
        {
            var server = await PostgresTestServer.GetAsync();
            _connectionString = await server.CreateDatabaseAsync(_database);
            await PostgresSchema.ApplyAsync(_connectionString);
        }

        return _connectionString;
    }

    /// <summary>Builds a service provider with <c>AddPostgresStore</c> over the test database; disposing it closes the store.</summary>
    public async Task<ServiceProvider> BuildServicesAsync()
    {
        var connectionString = await GetConnectionStringAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = "pai-tests";
            o.ServiceId = ServiceId;
        });
        services.AddPostgresStore(o => o.ConnectionString = connectionString);
        return services.BuildServiceProvider();
    }

    /// <summary>Opens the registered audit store over the test database.</summary>
    public async Task<AuditStoreUnderTest> OpenAuditAsync()
    {
        var provider = await BuildServicesAsync();
        return new AuditStoreUnderTest(provider.GetRequiredService<IAuditStore>(), provider);
    }

    public async Task<StorageUnderTest> OpenAsync()
    {
        var provider = await BuildServicesAsync();
        var storage = provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var lifecycle = new ManualSiloLifecycle();
        ((ILifecycleParticipant<ISiloLifecycle>)storage).Participate(lifecycle);
        await lifecycle.StartAsync();

        return new StorageUnderTest(
            storage,
            provider.GetRequiredService<IGoalIndex>(),
            provider.GetRequiredService<IApiKeyStore>(),
            provider,
            provider.GetRequiredService<IPrincipalUsageStore>());
    }

    public async Task DeleteAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var server = await PostgresTestServer.GetAsync();
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE);", connection);
        await command.ExecuteNonQueryAsync();
    }
}
