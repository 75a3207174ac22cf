using System.Globalization;
using PAI.Abstractions.Audit;

namespace PAI.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IAuditStore"/> implementation in PAI must do: one gap-free hash chain under concurrent appends,
/// the query filters, and a chain that <see cref="AuditVerifier"/> finds broken when rows are edited or removed behind
/// the store's back. An implementation supplies <see cref="OpenAsync"/> (a new instance over the same data each call),
/// the two tampering hooks, and <see cref="DeleteDataAsync"/>.
/// </summary>
public abstract class AuditStoreContractTests : IAsyncLifetime
{
    private AuditStoreUnderTest? _current;

    protected IAuditStore Store => (_current ?? throw new InvalidOperationException("Store is not open.")).Store;

    /// <summary>Opens the test's audit log (a new instance each call, over the same data).</summary>
    protected abstract Task<AuditStoreUnderTest> OpenAsync();

    /// <summary>Removes the test's data once it is closed.</summary>
    protected abstract Task DeleteDataAsync();

    /// <summary>Sets a text column of one stored entry straight in the database; returns the rows changed.</summary>
    protected abstract Task<int> UpdateEntryBehindTheStoreAsync(long sequence, string column, string value);

    /// <summary>Deletes one stored entry straight in the database; returns the rows deleted.</summary>
    protected abstract Task<int> DeleteEntryBehindTheStoreAsync(long sequence);

    public async Task InitializeAsync() => _current = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }

        await DeleteDataAsync();
    }

    [ContractFact]
    public async Task GetHeadAsync_EmptyLog_ReturnsNull()
    {
        Assert.Null(await Store.GetHeadAsync());
        Assert.True((await new AuditVerifier(Store).VerifyAsync()).Valid);
    }

    [ContractFact]
    public async Task AppendAsync_ConcurrentWriters_FormOneGapFreeChain()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Store.AppendAsync(new AuditRecord(AuditKinds.ToolCall, $"p{i % 3}", $"g{i % 5}", "s", "default", "echo", AuditChain.Digest("{}"), "ok"))));

        var all = await Store.QueryAsync(new AuditQuery(Limit: 1000));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(AuditChain.Genesis, all[0].PreviousHash);
        for (var i = 1; i < all.Count; i++)
        {
            Assert.Equal(all[i - 1].Hash, all[i].PreviousHash);
        }

        Assert.Equal((50L, all[^1].Hash), await Store.GetHeadAsync());
        var verdict = await new AuditVerifier(Store).VerifyAsync();
        Assert.True(verdict.Valid, verdict.Problem);
        Assert.Equal(50, verdict.Checked);
    }

    [ContractFact]
    public async Task AppendAsync_ReturnedEntry_EqualsTheStoredOne()
    {
        var record = new AuditRecord(AuditKinds.ToolCall, "alice", "g1", "s1/act", "default", "echo", AuditChain.Digest("{}"), "failed", "boom");

        var appended = await Store.AppendAsync(record);

        var stored = Assert.Single(await Store.QueryAsync(new AuditQuery()));
        Assert.Equal(appended, stored);
        Assert.Equal(AuditChain.Hash(stored.Sequence, stored.At, stored.Record, stored.PreviousHash), stored.Hash);
    }

    [ContractFact]
    public async Task QueryAsync_Filters_ByPrincipalGoalKindSinceAndLimit()
    {
        await Store.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, "alice", "g1"));
        await Store.AppendAsync(new AuditRecord(AuditKinds.ToolCall, "alice", "g1", "a", "default", "echo", "d", "ok"));
        await Store.AppendAsync(new AuditRecord(AuditKinds.ToolCall, "bob", "g2", "a", "default", "echo", "d", "ok"));
        await Store.AppendAsync(new AuditRecord(AuditKinds.Refusal, "bob", "g2", "b", "reader", "file.write", "d", "refused"));

        Assert.Equal(2, (await Store.QueryAsync(new AuditQuery(Principal: "alice"))).Count);
        Assert.Single(await Store.QueryAsync(new AuditQuery(GoalId: "g2", Kind: AuditKinds.Refusal)));
        Assert.Equal(3, (await Store.QueryAsync(new AuditQuery(Kind: AuditKinds.ToolCall, Limit: 1, AfterSequence: 2))).Single().Sequence);
        Assert.Equal([1L, 2L], (await Store.QueryAsync(new AuditQuery(Limit: 2))).Select(e => e.Sequence));
        Assert.Equal(4, (await Store.QueryAsync(new AuditQuery(Since: DateTimeOffset.UtcNow.AddMinutes(-1)))).Count);
        Assert.Empty(await Store.QueryAsync(new AuditQuery(Since: DateTimeOffset.UtcNow.AddMinutes(1))));
    }

    [ContractFact]
    public async Task VerifyAsync_DetailUpdated_ReportsTheEntryAltered()
    {
        await AppendFiveAsync();

        Assert.Equal(1, await UpdateEntryBehindTheStoreAsync(3, "detail", "nothing to see"));

        await AssertBrokenAsync(3, "altered");
    }

    [ContractFact]
    public async Task VerifyAsync_PrincipalUpdated_ReportsTheEntryAltered()
    {
        await AppendFiveAsync();

        Assert.Equal(1, await UpdateEntryBehindTheStoreAsync(1, "principal", "mallory"));

        await AssertBrokenAsync(1, "altered");
    }

    [ContractFact]
    public async Task VerifyAsync_MiddleEntryDeleted_ReportsItMissing()
    {
        await AppendFiveAsync();

        Assert.Equal(1, await DeleteEntryBehindTheStoreAsync(2));

        await AssertBrokenAsync(2, "missing");
    }

    [ContractFact]
    public async Task VerifyAsync_LastEntryDeleted_ReportsEntriesRemovedFromTheEnd()
    {
        await AppendFiveAsync();

        Assert.Equal(1, await DeleteEntryBehindTheStoreAsync(5));

        await AssertBrokenAsync(5, "removed from the end");
    }

    [ContractFact]
    public async Task VerifyAsync_LastEntryDeletedThenAnotherAppended_StillReportsTheGap()
    {
        await AppendFiveAsync();
        Assert.Equal(1, await DeleteEntryBehindTheStoreAsync(5));

        // Appending must chain from the head, not from whatever row is last now: otherwise the new entry would paper
        // over the deletion.
        var next = await Store.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, "alice", "g2"));

        Assert.Equal(6, next.Sequence);
        var verdict = await new AuditVerifier(Store).VerifyAsync();
        Assert.False(verdict.Valid);
    }

    [ContractFact]
    public async Task AppendAsync_AfterReopen_ContinuesTheChain()
    {
        await Store.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, "alice", "g1"));
        await _current!.DisposeAsync();
        _current = null;
        _current = await OpenAsync();

        var second = await Store.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, "alice", "g2"));

        Assert.Equal(2, second.Sequence);
        var verdict = await new AuditVerifier(Store).VerifyAsync();
        Assert.True(verdict.Valid, verdict.Problem);
        Assert.Equal(2, verdict.Checked);
    }

    private async Task AppendFiveAsync()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Store.AppendAsync(new AuditRecord(AuditKinds.ToolCall, "alice", "g1", $"s{i}", "default", "echo", AuditChain.Digest(i.ToString(CultureInfo.InvariantCulture)), "ok", $"call {i}"));
        }

        var verdict = await new AuditVerifier(Store).VerifyAsync();
        Assert.True(verdict.Valid, verdict.Problem);
    }

    private async Task AssertBrokenAsync(long badSequence, string problem)
    {
        var verdict = await new AuditVerifier(Store).VerifyAsync();
        Assert.False(verdict.Valid);
        Assert.Equal(badSequence, verdict.FirstBadSequence);
        Assert.Contains(problem, verdict.Problem, StringComparison.Ordinal);
    }
}
