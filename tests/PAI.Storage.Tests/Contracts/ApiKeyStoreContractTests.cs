using PAI.Abstractions.Storage;

namespace PAI.Storage.Tests.Contracts;

/// <summary>What every <see cref="IApiKeyStore"/> implementation in PAI must do.</summary>
public abstract class ApiKeyStoreContractTests : StorageContractTestBase
{
    private static ApiKeyRecord Key(string id, string role = "user") =>
        new(id, $"principal-{id}", new string('a', 64), role, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [ContractFact]
    public async Task CountAsync_EmptyStore_ReturnsZero()
    {
        Assert.Equal(0, await ApiKeys.CountAsync());
    }

    [ContractFact]
    public async Task FindAsync_UnknownKey_ReturnsNull()
    {
        Assert.Null(await ApiKeys.FindAsync("missing"));
    }

    [ContractFact]
    public async Task AddAsync_NewKey_IsFoundWithAllFields()
    {
        var key = Key("k1", "admin");

        await ApiKeys.AddAsync(key);

        Assert.Equal(key, await ApiKeys.FindAsync("k1"));
    }

    [ContractFact]
    public async Task AddAsync_TwoKeys_CountReturnsTwo()
    {
        await ApiKeys.AddAsync(Key("k1"));
        await ApiKeys.AddAsync(Key("k2"));

        Assert.Equal(2, await ApiKeys.CountAsync());
    }

    [ContractFact]
    public async Task AddAsync_DuplicateKeyId_ThrowsAndKeepsOriginal()
    {
        var original = Key("k1", "admin");
        await ApiKeys.AddAsync(original);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ApiKeys.AddAsync(Key("k1", "user")));

        Assert.Equal(original, await ApiKeys.FindAsync("k1"));
        Assert.Equal(1, await ApiKeys.CountAsync());
    }

    [ContractFact]
    public async Task AddAsync_AfterReopen_KeyStillFound()
    {
        var key = Key("k1");
        await ApiKeys.AddAsync(key);

        await ReopenAsync();

        Assert.Equal(key, await ApiKeys.FindAsync("k1"));
    }
}
