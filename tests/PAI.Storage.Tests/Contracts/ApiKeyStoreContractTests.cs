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

    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [ContractFact]
    public async Task AddAsync_KeyWithScopesPrefixAndTimes_IsFoundWithAllFields()
    {
        var key = new ApiKeyRecord("k1", "alice", new string('b', 64), "read-only", T0, "skill:papers tool:echo", "pai_abcd", T0.AddHours(2), T0.AddHours(1));

        await ApiKeys.AddAsync(key);

        Assert.Equal(key, await ApiKeys.FindAsync("k1"));
    }

    [ContractFact]
    public async Task ListAsync_ThreePagesOfTwo_ReturnsEveryKeyOnceOldestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            await ApiKeys.AddAsync(Key($"k{i}") with { CreatedAt = T0.AddMinutes(5 - i) });
        }

        var seen = new List<string>();
        ApiKeyPosition? after = null;
        for (var page = 0; page < 3; page++)
        {
            var keys = await ApiKeys.ListAsync(after, 2);
            seen.AddRange(keys.Select(k => k.KeyId));
            if (keys.Count > 0)
            {
                after = new ApiKeyPosition(keys[^1].CreatedAt, keys[^1].KeyId);
            }
        }

        Assert.Equal(["k4", "k3", "k2", "k1", "k0"], seen);
        Assert.Empty(await ApiKeys.ListAsync(after, 2));
    }

    [ContractFact]
    public async Task ListAsync_KeysCreatedAtTheSameInstant_PagesByIdWithoutLosingAny()
    {
        foreach (var id in new[] { "kc", "ka", "kb" })
        {
            await ApiKeys.AddAsync(Key(id) with { CreatedAt = T0 });
        }

        var first = await ApiKeys.ListAsync(null, 2);
        var second = await ApiKeys.ListAsync(new ApiKeyPosition(first[^1].CreatedAt, first[^1].KeyId), 2);

        Assert.Equal(["ka", "kb", "kc"], first.Concat(second).Select(k => k.KeyId));
    }

    [ContractFact]
    public async Task RevokeAsync_ActiveKey_MarksItRevokedOnce()
    {
        await ApiKeys.AddAsync(Key("k1"));

        Assert.True(await ApiKeys.RevokeAsync("k1", T0.AddDays(1)));
        Assert.False(await ApiKeys.RevokeAsync("k1", T0.AddDays(2)));

        await ReopenAsync();
        var stored = await ApiKeys.FindAsync("k1");
        Assert.Equal(T0.AddDays(1), stored!.RevokedAt);
        Assert.False(stored.IsActive);
    }

    [ContractFact]
    public async Task RevokeAsync_UnknownKey_ReturnsFalse()
    {
        Assert.False(await ApiKeys.RevokeAsync("missing", T0));
    }

    [ContractFact]
    public async Task ReplaceAsync_ActiveKey_RevokesItAndAddsTheReplacement()
    {
        await ApiKeys.AddAsync(Key("old", "admin"));
        var replacement = Key("new", "admin") with { CreatedAt = T0.AddDays(1) };

        Assert.True(await ApiKeys.ReplaceAsync("old", replacement, T0.AddDays(1)));

        await ReopenAsync();
        Assert.Equal(T0.AddDays(1), (await ApiKeys.FindAsync("old"))!.RevokedAt);
        Assert.Equal(replacement, await ApiKeys.FindAsync("new"));
    }

    [ContractFact]
    public async Task ReplaceAsync_RevokedKey_ChangesNothing()
    {
        await ApiKeys.AddAsync(Key("old"));
        await ApiKeys.RevokeAsync("old", T0);

        Assert.False(await ApiKeys.ReplaceAsync("old", Key("new"), T0.AddDays(1)));

        Assert.Null(await ApiKeys.FindAsync("new"));
        Assert.Equal(T0, (await ApiKeys.FindAsync("old"))!.RevokedAt);
    }

    [ContractFact]
    public async Task ReplaceAsync_ReplacementIdTaken_ThrowsAndLeavesTheOldKeyActive()
    {
        await ApiKeys.AddAsync(Key("old"));
        await ApiKeys.AddAsync(Key("taken"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => ApiKeys.ReplaceAsync("old", Key("taken", "admin"), T0.AddDays(1)));

        Assert.True((await ApiKeys.FindAsync("old"))!.IsActive);
        Assert.Equal("user", (await ApiKeys.FindAsync("taken"))!.Role);
    }

    [ContractFact]
    public async Task TouchAsync_LaterThenEarlier_KeepsTheLatest()
    {
        await ApiKeys.AddAsync(Key("k1"));

        await ApiKeys.TouchAsync("k1", T0.AddHours(3));
        await ApiKeys.TouchAsync("k1", T0.AddHours(1));

        await ReopenAsync();
        Assert.Equal(T0.AddHours(3), (await ApiKeys.FindAsync("k1"))!.LastUsedAt);
    }
}

