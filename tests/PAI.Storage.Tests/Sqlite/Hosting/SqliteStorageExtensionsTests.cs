using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using PAI.Abstractions.Storage;
using PAI.Storage.Sqlite;
using PAI.Storage.Sqlite.Hosting;
using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Sqlite.Hosting;

public sealed class SqliteStorageExtensionsTests : IAsyncLifetime
{
    private readonly SqliteTestStorage _storage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DeleteAsync();

    private ServiceCollection NewServices()
    {
        var services = new ServiceCollection();
        services.AddSerializer();
        services.AddSqliteStore(options => options.DataDirectory = _storage.DataDirectory);
        return services;
    }

    [Fact]
    public async Task AddSqliteStore_CalledTwice_RegistersEachServiceOnce()
    {
        var services = NewServices();
        var countBefore = services.Count;

        services.AddSqliteStore(options => options.DataDirectory = _storage.DataDirectory);

        // Only the options configuration is appended; every service registration is a TryAdd.
        Assert.Equal(1, services.Count - countBefore);
        await using var provider = services.BuildServiceProvider();
        Assert.Single(provider.GetServices<IGoalIndex>());
        Assert.Single(provider.GetServices<SqliteStore>());
    }

    [Fact]
    public async Task AddSqliteStore_Resolve_NamedAndDefaultGrainStorageAreTheSqliteProvider()
    {
        await using var provider = NewServices().BuildServiceProvider();

        var named = provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var defaultKeyed = provider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var defaultUnkeyed = provider.GetRequiredService<IGrainStorage>();

        Assert.IsType<SqliteGrainStorage>(named);
        Assert.Same(named, defaultKeyed);
        Assert.Same(named, defaultUnkeyed);
        Assert.IsType<SqliteGoalIndex>(provider.GetRequiredService<IGoalIndex>());
        Assert.IsType<SqliteApiKeyStore>(provider.GetRequiredService<IApiKeyStore>());
        Assert.Equal(SqliteStorageExtensions.DefaultProviderName, StorageNames.Grains);
    }

    [Fact]
    public async Task AddSqliteStore_DecoratorRegisteredAfter_ReplacesNamedAndDefaultProvider()
    {
        var services = NewServices();
        services.AddKeyedSingleton<IGrainStorage>(
            StorageNames.Grains,
            (sp, _) => new CountingGrainStorage(sp.GetRequiredService<SqliteGrainStorage>()));
        await using var provider = services.BuildServiceProvider();

        var named = provider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
        var state = new TestGrainState { State = new TestState { Value = 3 } };
        await provider.GetRequiredService<IGrainStorage>().WriteStateAsync("s", GrainId.Create("goal", "g1"), state);

        var counting = Assert.IsType<CountingGrainStorage>(named);
        Assert.Same(named, provider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        Assert.Equal(1, counting.Writes);
        Assert.Equal("1", state.ETag);
    }

    private sealed class CountingGrainStorage(IGrainStorage inner) : IGrainStorage
    {
        public int Writes { get; private set; }

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Writes++;
            return inner.WriteStateAsync(stateName, grainId, grainState);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(stateName, grainId, grainState);
    }
}
