using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Audit;
using PAI.Storage.Sqlite;

namespace PAI.Storage.Tests.Sqlite;

/// <summary>The hash-chained audit log on SQLite, and the verifier catching edits made straight in the data file.</summary>
public sealed class SqliteAuditStoreTests : IAsyncLifetime
{
    private readonly SqliteTestStorage _storage = new();
    private ServiceProvider _services = null!;

    private IAuditStore Store => _services.GetRequiredService<IAuditStore>();

    public Task InitializeAsync()
    {
        _services = _storage.BuildServices();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await _storage.DeleteAsync();
    }

    [Fact]
    public async Task Append_ConcurrentWriters_FormOneGapFreeChain()
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

        var verdict = await new AuditVerifier(Store).VerifyAsync();
        Assert.True(verdict.Valid, verdict.Problem);
        Assert.Equal(50, verdict.Checked);
    }

    [Fact]
    public async Task Query_Filters_ByPrincipalGoalKindAndLimit()
    {
        await Store.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, "alice", "g1"));
        await Store.AppendAsync(new AuditRecord(AuditKinds.ToolCall, "alice", "g1", "a", "default", "echo", "d", "ok"));
        await Store.AppendAsync(new AuditRecord(AuditKinds.ToolCall, "bob", "g2", "a", "default", "echo", "d", "ok"));
        await Store.AppendAsync(new AuditRecord(AuditKinds.Refusal, "bob", "g2", "b", "reader", "file.write", "d", "refused"));

        Assert.Equal(2, (await Store.QueryAsync(new AuditQuery(Principal: "alice"))).Count);
        Assert.Single(await Store.QueryAsync(new AuditQuery(GoalId: "g2", Kind: AuditKinds.Refusal)));
        Assert.Equal(3, (await Store.QueryAsync(new AuditQuery(Kind: AuditKinds.ToolCall, Limit: 1, AfterSequence: 2))).Single().Sequence);
        Assert.Equal(4, (await Store.QueryAsync(new AuditQuery(Since: DateTimeOffset.UtcNow.AddMinutes(-1)))).Count);
        Assert.Empty(await Store.QueryAsync(new AuditQuery(Since: DateTimeOffset.UtcNow.AddMinutes(1))));
    }

    [Theory]
    [InlineData("UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 3;", 3L, "altered")]
    [InlineData("UPDATE audit_log SET principal = 'mallory' WHERE seq = 1;", 1L, "altered")]
    [InlineData("DELETE FROM audit_log WHERE seq = 2;", 2L, "missing")]
    [InlineData("DELETE FROM audit_log WHERE seq = 5;", 5L, "removed from the end")]
    public async Task Verify_FileTamperedWith_DetectsTheEntry(string tamper, long badSequence, string problem)
    {
        for (var i = 1; i <= 5; i++)
        {
            await Store.AppendAsync(new AuditRecord(AuditKinds.ToolCall, "alice", "g1", $"s{i}", "default", "echo", AuditChain.Digest(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "ok", $"call {i}"));
        }

        Assert.True((await new AuditVerifier(Store).VerifyAsync()).Valid);

        // Edit the data file behind the store's back, as someone with file access could.
        var path = Path.Combine(_storage.DataDirectory, SqliteStore.FileName);
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = tamper;
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var verdict = await new AuditVerifier(Store).VerifyAsync();
        Assert.False(verdict.Valid);
        Assert.Equal(badSequence, verdict.FirstBadSequence);
        Assert.Contains(problem, verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ReopenedStore_ContinuesTheChain()
    {
        await Store.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, "alice", "g1"));
        await _services.DisposeAsync();
        _services = _storage.BuildServices();
        await Store.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, "alice", "g2"));

        var verdict = await new AuditVerifier(Store).VerifyAsync();
        Assert.True(verdict.Valid, verdict.Problem);
        Assert.Equal(2, verdict.Checked);
    }
}
