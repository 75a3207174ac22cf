using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using PAI.Abstractions.Storage;
using PAI.Storage.Sqlite;
using PAI.Storage.Sqlite.Hosting;
using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Sqlite;

/// <summary>A temporary data directory and the SQLite store opened over it through the real registration.</summary>
public sealed class SqliteTestStorage
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "pai-storage-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Builds a service provider with <c>AddSqliteStore</c>; disposing the result closes the store.</summary>
    public ServiceProvider BuildServices(Action<SqliteStoreOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSerializer();
        services.AddSqliteStore(options =>
        {
            options.DataDirectory = DataDirectory;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    public Task<StorageUnderTest> OpenAsync()
    {
        var services = BuildServices();
        return Task.FromResult(new StorageUnderTest(
            services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains),
            services.GetRequiredService<IGoalIndex>(),
            services.GetRequiredService<IApiKeyStore>(),
            services,
            services.GetRequiredService<IPrincipalUsageStore>()));
    }

    public Task DeleteAsync()
    {
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
