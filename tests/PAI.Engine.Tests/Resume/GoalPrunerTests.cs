using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Engine.Resume;
using PAI.Engine.Tests.Testing;
using PAI.Storage.Sqlite;
using static PAI.Engine.Tests.Testing.Goals;

namespace PAI.Engine.Tests.Resume;

/// <summary>Finished goals are kept for the retention, then pruned: index row, goal state and step states.</summary>
[Collection(EngineClusterCollection.Name)]
public sealed class GoalPrunerTests(EngineClusterFixture fixture)
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private IGrainFactory Grains => fixture.Grains;

    private EngineOptions Engine => fixture.Services.GetRequiredService<IOptions<EngineOptions>>().Value;

    private GoalPruner Pruner(FakeTimeProvider time) => new(
        fixture.Services.GetRequiredService<IGoalIndex>(),
        Options.Create(new EngineOptions { FinishedGoalRetention = Retention, DataDirectory = Engine.DataDirectory }),
        time,
        NullLogger<GoalPruner>.Instance,
        Grains);

    private Task<long> CountAsync(string sql, string? prefix = null) =>
        fixture.Services.GetRequiredService<SqliteStore>().ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            if (prefix is not null)
            {
                command.Parameters.AddWithValue("@p", prefix);
            }

            return (long)(await command.ExecuteScalarAsync(ct))!;
        });

    private Task<long> RowsOfGoalAsync(string goalId) => CountAsync(
        "SELECT (SELECT COUNT(*) FROM grain_state WHERE grain_id = 'goal/' || @p OR substr(grain_id, 1, length(@p) + 9) = 'steprun/' || @p || '/')"
        + " + (SELECT COUNT(*) FROM goal_index WHERE id = @p);",
        goalId);

    /// <summary>The goal's index row is updated just after its state; the pruner reads the index.</summary>
    private async Task WaitIndexedFinishedAsync(string id)
    {
        await WaitFinishedAsync(Grains, id);
        var index = fixture.Services.GetRequiredService<IGoalIndex>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        // Finished and handled: a row whose finished handlers are pending is not pruned yet.
        while ((await index.ListAsync("tester", null, 10_000)).FirstOrDefault(e => e.Id == id) is not { HandlersPending: false } entry || !entry.Status.IsTerminal())
        {
            Assert.True(DateTime.UtcNow < deadline, $"index row of {id} never showed it finished and handled");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task PruneOnceAsync_GoalFinishedWithinRetention_IsKept()
    {
        var id = await SubmitAsync(Grains, Step("a", "echo"), Step("b", "echo", dependsOn: ["a"]));
        await WaitIndexedFinishedAsync(id);
        var rows = await RowsOfGoalAsync(id);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow + Retention - TimeSpan.FromMinutes(5));

        await Pruner(time).PruneOnceAsync(CancellationToken.None);

        Assert.Equal(4, rows); // index row, goal state, two step states
        Assert.Equal(rows, await RowsOfGoalAsync(id));
        Assert.Equal(GoalStatus.Succeeded, (await Grains.GetGrain<IGoalGrain>(id).GetAsync())?.Status);
    }

    [Fact]
    public async Task PruneOnceAsync_GoalFinishedBeforeRetention_IndexRowAndStateRemovedAndGetReturnsNull()
    {
        var id = await SubmitAsync(Grains, Step("a", "echo"), Step("b", "echo", dependsOn: ["a"]));
        await WaitIndexedFinishedAsync(id);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow + Retention - TimeSpan.FromMinutes(5));
        var pruner = Pruner(time);
        await pruner.PruneOnceAsync(CancellationToken.None);
        Assert.Equal(4, await RowsOfGoalAsync(id));
        Assert.NotNull(await Grains.GetGrain<IGoalGrain>(id).GetAsync());

        time.Advance(TimeSpan.FromMinutes(10));
        var pruned = await pruner.PruneOnceAsync(CancellationToken.None);

        Assert.True(pruned >= 1);
        Assert.Equal(0, await RowsOfGoalAsync(id));
        Assert.Null(await Grains.GetGrain<IGoalGrain>(id).GetAsync());
    }

    [Fact]
    public async Task PruneOnceAsync_PrunedGoals_EmptyWorkspaceRemoved_WorkspaceWithFilesKept()
    {
        var empty = await SubmitAsync(Grains, Step("a", "echo"));
        var withFile = await SubmitAsync(Grains, Step("a", "echo"));
        await WaitIndexedFinishedAsync(empty);
        await WaitIndexedFinishedAsync(withFile);
        Assert.True(Directory.Exists(Engine.WorkspaceOf(empty)), "every tool call makes its goal's workspace");
        var kept = Path.Combine(Engine.WorkspaceOf(withFile), "report.md");
        await File.WriteAllTextAsync(kept, "mine");

        await Pruner(new FakeTimeProvider(DateTimeOffset.UtcNow + Retention + Retention)).PruneOnceAsync(CancellationToken.None);

        Assert.Equal(0, await RowsOfGoalAsync(empty) + await RowsOfGoalAsync(withFile));
        Assert.False(Directory.Exists(Engine.WorkspaceOf(empty)));
        Assert.Equal("mine", await File.ReadAllTextAsync(kept));
    }

    [Fact]
    public async Task PruneOnceAsync_UnfinishedGoalOlderThanRetention_IsKept()
    {
        var id = await SubmitAsync(Grains, Step("block", "test.block"));
        await fixture.Probe.Entered($"{id}/block").WaitAsync(TimeSpan.FromSeconds(10));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow + Retention + Retention);

        await Pruner(time).PruneOnceAsync(CancellationToken.None);

        Assert.Equal(GoalStatus.Running, (await Grains.GetGrain<IGoalGrain>(id).GetAsync())?.Status);
        Assert.Equal(3, await RowsOfGoalAsync(id));
        await Grains.GetGrain<IGoalGrain>(id).CancelAsync("tester");
    }

    [Fact]
    public async Task PruneOnceAsync_ManyFinishedGoals_StoreShrinksBackAndDoesNotGrow()
    {
        const string TotalRows = "SELECT (SELECT COUNT(*) FROM grain_state) + (SELECT COUNT(*) FROM goal_index);";
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pruner = Pruner(time);
        time.Advance(Retention + Retention);
        await pruner.PruneOnceAsync(CancellationToken.None);
        var baseline = await CountAsync(TotalRows);

        for (var round = 0; round < 3; round++)
        {
            var ids = await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => SubmitAsync(Grains, Step("a", "echo"), Step("b", "echo", dependsOn: ["a"]), Step("c", "echo"))));
            foreach (var id in ids)
            {
                await WaitIndexedFinishedAsync(id);
            }

            Assert.True(await CountAsync(TotalRows) >= baseline + (15 * 4), "the goals were not stored");

            // The clock started two retentions ahead of the real one; one more puts every goal of this round past it.
            time.Advance(Retention);
            var pruned = await pruner.PruneOnceAsync(CancellationToken.None);

            Assert.True(pruned >= 15);
            foreach (var id in ids)
            {
                Assert.Equal(0, await RowsOfGoalAsync(id));
            }

            Assert.True(await CountAsync(TotalRows) <= baseline, $"round {round}: the store grew");
        }
    }
}
