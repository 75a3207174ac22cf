using Npgsql;
using PAI.Abstractions.Audit;
using PAI.Storage.Postgres;
using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Postgres;

/// <summary>
/// What only a shared database adds to the audit contract: several silos (each its own connection pool) appending to
/// one chain at once, and services that share a database keeping separate chains.
/// </summary>
public sealed class PostgresAuditStoreTests : IAsyncLifetime
{
    private readonly PostgresTestStorage _storage = new();
    private readonly List<NpgsqlDataSource> _dataSources = [];

    /// <summary>Why these tests are skipped here, or null.</summary>
    public static string? SkipReason => PostgresTestServer.SkipReason;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await _storage.DeleteAsync();
    }

    [ContractFact]
    public async Task AppendAsync_TwoSilosAtOnce_FormOneGapFreeChain()
    {
        var siloA = await OpenSiloAsync(PostgresTestStorage.ServiceId);
        var siloB = await OpenSiloAsync(PostgresTestStorage.ServiceId);

        await Task.WhenAll(Enumerable.Range(0, 80).Select(i =>
            (i % 2 == 0 ? siloA : siloB).AppendAsync(new AuditRecord(AuditKinds.ToolCall, $"p{i % 3}", $"g{i % 5}", $"s{i}", "default", "echo", AuditChain.Digest("{}"), "ok"))));

        var all = await siloA.QueryAsync(new AuditQuery(Limit: 1000));
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.Equal(80, all.Select(e => e.Record.StepId).Distinct().Count());
        foreach (var silo in new[] { siloA, siloB })
        {
            var verdict = await new AuditVerifier(silo).VerifyAsync();
            Assert.True(verdict.Valid, verdict.Problem);
            Assert.Equal(80, verdict.Checked);
        }
    }

    [ContractFact]
    public async Task VerifyAsync_TwoSilosThenMiddleEntryDeleted_ReportsItMissing()
    {
        var siloA = await OpenSiloAsync(PostgresTestStorage.ServiceId);
        var siloB = await OpenSiloAsync(PostgresTestStorage.ServiceId);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? siloA : siloB).AppendAsync(new AuditRecord(AuditKinds.ToolCall, "alice", "g1", $"s{i}", Detail: $"call {i}"))));
        await using (var connection = new NpgsqlConnection(await _storage.GetConnectionStringAsync()))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("DELETE FROM pai_audit_log WHERE service_id = @s AND seq = 10;", connection);
            command.Parameters.AddWithValue("s", PostgresTestStorage.ServiceId);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var verdict = await new AuditVerifier(siloB).VerifyAsync();

        Assert.False(verdict.Valid);
        Assert.Equal(10, verdict.FirstBadSequence);
    }

    [ContractFact]
    public async Task AppendAsync_OtherService_KeepsItsOwnChain()
    {
        var ours = await OpenSiloAsync(PostgresTestStorage.ServiceId);
        var theirs = await OpenSiloAsync("other-service");
        await ours.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, "alice", "g1"));
        await ours.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, "alice", "g2"));

        var first = await theirs.AppendAsync(new AuditRecord(AuditKinds.GoalSubmitted, "bob", "g3"));

        Assert.Equal(1, first.Sequence);
        Assert.Equal(AuditChain.Genesis, first.PreviousHash);
        Assert.Equal("bob", Assert.Single(await theirs.QueryAsync(new AuditQuery())).Record.Principal);
        Assert.Equal(2, (await ours.QueryAsync(new AuditQuery())).Count);
        Assert.Equal(1L, (await theirs.GetHeadAsync())?.Sequence);
        Assert.True((await new AuditVerifier(ours).VerifyAsync()).Valid);
        Assert.True((await new AuditVerifier(theirs).VerifyAsync()).Valid);
    }

    /// <summary>A store with its own connection pool, as a separate silo process would have.</summary>
    private async Task<PostgresAuditStore> OpenSiloAsync(string serviceId)
    {
        var dataSource = NpgsqlDataSource.Create(await _storage.GetConnectionStringAsync());
        _dataSources.Add(dataSource);
        return new PostgresAuditStore(dataSource, serviceId, TimeProvider.System);
    }
}
