using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using PAI.Abstractions.Storage;
using PAI.Host.Auth;
using PAI.Host.Hosting;
using PAI.Storage.Sqlite;

namespace PAI.Host.Tests.Auth;

public sealed class ApiKeyBootstrapperTests : IDisposable
{
    private const string SuppliedKey = "pai_cluster_key_0123456789abcdefghijklmnop";
    private readonly string _folder = Directory.CreateTempSubdirectory("pai-bootstrap-").FullName;

    [Fact]
    public async Task StartAsync_AnotherSiloStoredTheSameSuppliedKeyAfterThisOneCounted_StartsWithOneKey()
    {
        await using var store = new SqliteStore(new SqliteStoreOptions { DataDirectory = _folder });
        var keys = new SqliteApiKeyStore(store);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PAI_API_KEY"] = SuppliedKey }).Build();
        var audit = new SqliteAuditStore(store, TimeProvider.System);

        // The first silo of a cluster starting on an empty store.
        await new ApiKeyBootstrapper(keys, audit, configuration, TimeProvider.System, new FirstStartKey(), NullLogger<ApiKeyBootstrapper>.Instance).StartAsync(CancellationToken.None);
        // The second counted zero keys before the first one's insert, then tries the same insert.
        var raced = new KeysCountedBeforeAnotherInsert(keys);
        await new ApiKeyBootstrapper(raced, audit, configuration, TimeProvider.System, new FirstStartKey(), NullLogger<ApiKeyBootstrapper>.Instance).StartAsync(CancellationToken.None);

        Assert.Equal(1, await keys.CountAsync());
        Assert.Equal(1, raced.Adds);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class KeysCountedBeforeAnotherInsert(IApiKeyStore inner) : IApiKeyStore
    {
        public int Adds { get; private set; }

        public Task<int> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);

        public Task AddAsync(ApiKeyRecord record, CancellationToken cancellationToken = default)
        {
            Adds++;
            return inner.AddAsync(record, cancellationToken);
        }

        public Task<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken = default) => inner.FindAsync(keyId, cancellationToken);

        public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(ApiKeyPosition? after, int limit, CancellationToken cancellationToken = default) =>
            inner.ListAsync(after, limit, cancellationToken);

        public Task<bool> RevokeAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default) => inner.RevokeAsync(keyId, at, cancellationToken);

        public Task<bool> ReplaceAsync(string keyId, ApiKeyRecord replacement, DateTimeOffset at, CancellationToken cancellationToken = default) =>
            inner.ReplaceAsync(keyId, replacement, at, cancellationToken);

        public Task TouchAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken = default) => inner.TouchAsync(keyId, at, cancellationToken);
    }
}
