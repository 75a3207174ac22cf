using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
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

    public async Task<StorageUnderTest> OpenAsync()
    {
        if (_connectionString is null)
        {
            var server = await PostgresTestServer.GetAsync();
            _connectionString = await server.CreateDatabaseAsync(_database);
            await PostgresSchema.ApplyAsync(_connectionString);
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSerializer();
        services.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = "pai-tests";
            o.ServiceId = ServiceId;
        });
        var connectionString = _connectionString;
        services.AddPostgresStore(o => o.ConnectionString = connectionString);
        var provider = services.BuildServiceProvider();

        var storage = provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var lifecycle = new ManualSiloLifecycle();
        ((ILifecycleParticipant<ISiloLifecycle>)storage).Participate(lifecycle);
        await lifecycle.StartAsync();

        return new StorageUnderTest(
            storage,
            provider.GetRequiredService<IGoalIndex>(),
            provider.GetRequiredService<IApiKeyStore>(),
            provider);
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
