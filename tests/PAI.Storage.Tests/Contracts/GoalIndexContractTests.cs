using Orleans;
using Orleans.Runtime;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Tests.Contracts;

/// <summary>What every <see cref="IGoalIndex"/> implementation in PAI must do.</summary>
public abstract class GoalIndexContractTests : StorageContractTestBase
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static GoalIndexEntry Entry(string id, string owner = "alice", GoalStatus status = GoalStatus.Running, int minutes = 0, int updatedMinutes = 0) =>
        new(id, owner, $"title {id}", status, T0.AddMinutes(minutes), T0.AddMinutes(updatedMinutes), 3);

    [ContractFact]
    public async Task UpsertAsync_NewEntry_IsListedWithAllFields()
    {
        var entry = new GoalIndexEntry("g1", "alice", "Write a report", GoalStatus.Planning, T0, T0.AddSeconds(1.5), 7);

        await GoalIndex.UpsertAsync(entry);

        var listed = Assert.Single(await GoalIndex.ListAsync(null, null, 10));
        Assert.Equal(entry, listed);
    }

    [ContractFact]
    public async Task UpsertAsync_ExistingEntry_ReplacesRow()
    {
        await GoalIndex.UpsertAsync(Entry("g1", status: GoalStatus.Running));

        var updated = Entry("g1", status: GoalStatus.Succeeded, updatedMinutes: 5) with { StepCount = 9 };
        await GoalIndex.UpsertAsync(updated);

        var listed = Assert.Single(await GoalIndex.ListAsync(null, null, 10));
        Assert.Equal(updated, listed);
    }

    [ContractFact]
    public async Task UpsertAsync_NonUtcOffset_RoundTripsSameInstant()
    {
        var local = new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.FromHours(5));
        await GoalIndex.UpsertAsync(Entry("g1") with { CreatedAt = local, UpdatedAt = local });

        var listed = Assert.Single(await GoalIndex.ListAsync(null, null, 10));

        Assert.Equal(local.UtcDateTime, listed.CreatedAt.UtcDateTime);
        Assert.Equal(local.UtcDateTime, listed.UpdatedAt.UtcDateTime);
    }

    [ContractFact]
    public async Task ListAsync_SeveralEntries_NewestFirstUpToLimit()
    {
        await GoalIndex.UpsertAsync(Entry("old", minutes: 1));
        await GoalIndex.UpsertAsync(Entry("newest", minutes: 3));
        await GoalIndex.UpsertAsync(Entry("middle", minutes: 2));

        var listed = await GoalIndex.ListAsync(null, null, 2);

        Assert.Equal(["newest", "middle"], listed.Select(e => e.Id));
    }

    [ContractFact]
    public async Task ListAsync_OwnerFilter_ReturnsOnlyThatOwner()
    {
        await GoalIndex.UpsertAsync(Entry("a1", owner: "alice"));
        await GoalIndex.UpsertAsync(Entry("b1", owner: "bob", minutes: 1));
        await GoalIndex.UpsertAsync(Entry("a2", owner: "alice", minutes: 2));

        var listed = await GoalIndex.ListAsync("alice", null, 10);

        Assert.Equal(["a2", "a1"], listed.Select(e => e.Id));
    }

    [ContractFact]
    public async Task ListAsync_TitleFilter_CaseInsensitiveSubstringWithWildcardsTakenLiterally()
    {
        await GoalIndex.UpsertAsync(Entry("r1") with { Title = "Write a Report" });
        await GoalIndex.UpsertAsync(Entry("r2", minutes: 1) with { Title = "weekly report" });
        await GoalIndex.UpsertAsync(Entry("p1", minutes: 2) with { Title = "100% done" });
        await GoalIndex.UpsertAsync(Entry("u1", minutes: 3) with { Title = "a_b" });

        Assert.Equal(["r2", "r1"], (await GoalIndex.ListAsync(new GoalIndexQuery(null, null, 10, TitleContains: "REPORT"))).Select(e => e.Id));
        Assert.Equal(["p1"], (await GoalIndex.ListAsync(new GoalIndexQuery(null, null, 10, TitleContains: "%"))).Select(e => e.Id));
        Assert.Equal(["u1"], (await GoalIndex.ListAsync(new GoalIndexQuery(null, null, 10, TitleContains: "_"))).Select(e => e.Id));
        Assert.Equal(["r1"], (await GoalIndex.ListAsync(new GoalIndexQuery(null, null, 10, new GoalIndexPosition(T0.AddMinutes(1), "r2"), "report"))).Select(e => e.Id));
    }

    [ContractFact]
    public async Task ListAsync_StatusFilter_ReturnsOnlyThatStatus()
    {
        await GoalIndex.UpsertAsync(Entry("r1", status: GoalStatus.Running));
        await GoalIndex.UpsertAsync(Entry("f1", status: GoalStatus.Failed, minutes: 1));
        await GoalIndex.UpsertAsync(Entry("r2", owner: "bob", status: GoalStatus.Running, minutes: 2));

        var all = await GoalIndex.ListAsync(null, GoalStatus.Running, 10);
        var bobs = await GoalIndex.ListAsync("bob", GoalStatus.Running, 10);

        Assert.Equal(["r2", "r1"], all.Select(e => e.Id));
        Assert.Equal(["r2"], bobs.Select(e => e.Id));
    }

    [ContractFact]
    public async Task ListAsync_PagedAfterLastEntry_ReturnsEveryEntryOnceInOrder()
    {
        // Two pairs share a creation time: the id breaks the tie, so no page boundary can skip or repeat one.
        string[] ids = ["e", "d", "c", "b", "a"];
        await GoalIndex.UpsertAsync(Entry("a", minutes: 1));
        await GoalIndex.UpsertAsync(Entry("b", minutes: 2));
        await GoalIndex.UpsertAsync(Entry("c", minutes: 2));
        await GoalIndex.UpsertAsync(Entry("d", minutes: 3));
        await GoalIndex.UpsertAsync(Entry("e", minutes: 3));

        var seen = await ReadAllPagesAsync(new GoalIndexQuery(null, null, 2));

        Assert.Equal(ids, seen);
    }

    [ContractFact]
    public async Task ListAsync_InsertsBetweenPages_NextPageContinuesFromTheSamePlace()
    {
        for (var i = 1; i <= 4; i++)
        {
            await GoalIndex.UpsertAsync(Entry($"g{i}", minutes: i));
        }

        var first = await GoalIndex.ListAsync(new GoalIndexQuery(null, null, 2));
        await GoalIndex.UpsertAsync(Entry("newer", minutes: 10));
        await GoalIndex.UpsertAsync(Entry("g3b", minutes: 3));
        var last = first[^1];
        var second = await GoalIndex.ListAsync(new GoalIndexQuery(null, null, 10, new GoalIndexPosition(last.CreatedAt, last.Id)));

        // "newer" and "g3b" (same time as g3, later in id order) sort before the position: they belong to earlier pages.
        Assert.Equal(["g4", "g3"], first.Select(e => e.Id));
        Assert.Equal(["g2", "g1"], second.Select(e => e.Id));
    }

    [ContractFact]
    public async Task ListAsync_PagedWithOwnerAndStatus_KeepsTheFiltersOnEveryPage()
    {
        for (var i = 0; i < 9; i++)
        {
            var owner = i % 3 == 0 ? "bob" : "alice";
            var status = i % 2 == 0 ? GoalStatus.Running : GoalStatus.Succeeded;
            await GoalIndex.UpsertAsync(Entry($"g{i}", owner: owner, status: status, minutes: i));
        }

        var alicesRunning = await ReadAllPagesAsync(new GoalIndexQuery("alice", GoalStatus.Running, 1));

        Assert.Equal(["g8", "g4", "g2"], alicesRunning);
    }

    [ContractFact]
    public async Task CountByStatusAsync_MixedEntries_CountsEachStatusForTheOwnerOrEveryone()
    {
        await GoalIndex.UpsertAsync(Entry("r1", status: GoalStatus.Running));
        await GoalIndex.UpsertAsync(Entry("r2", owner: "bob", status: GoalStatus.Running));
        await GoalIndex.UpsertAsync(Entry("s1", status: GoalStatus.Succeeded));
        await GoalIndex.UpsertAsync(Entry("s2", status: GoalStatus.Succeeded));
        await GoalIndex.UpsertAsync(Entry("f1", owner: "bob", status: GoalStatus.Failed));

        var all = await GoalIndex.CountByStatusAsync(null);
        var alice = await GoalIndex.CountByStatusAsync("alice");

        Assert.Equal(new Dictionary<GoalStatus, long> { [GoalStatus.Running] = 2, [GoalStatus.Succeeded] = 2, [GoalStatus.Failed] = 1 }, all);
        Assert.Equal(new Dictionary<GoalStatus, long> { [GoalStatus.Running] = 1, [GoalStatus.Succeeded] = 2 }, alice);
        Assert.Empty(await GoalIndex.CountByStatusAsync("nobody"));
    }

    [ContractFact]
    public async Task ListUnfinishedAsync_MixedStatuses_ReturnsOnlyNonTerminal()
    {
        foreach (var status in Enum.GetValues<GoalStatus>())
        {
            await GoalIndex.UpsertAsync(Entry(status.ToString(), status: status));
        }

        var unfinished = await GoalIndex.ListUnfinishedAsync();

        var expected = Enum.GetValues<GoalStatus>().Where(s => !s.IsTerminal()).Select(s => s.ToString()).Order();
        Assert.Equal(expected, unfinished.Order());
    }

    [ContractFact]
    public async Task HandlersPending_FinishedRow_IsCountedFinishedAtOnce_ButResumedAndNotPrunedUntilCleared()
    {
        var pending = Entry("pending", status: GoalStatus.Succeeded, updatedMinutes: 1) with { HandlersPending = true };
        await GoalIndex.UpsertAsync(pending);
        await GoalIndex.UpsertAsync(Entry("handled", status: GoalStatus.Succeeded, updatedMinutes: 1));

        var listed = await GoalIndex.ListAsync(null, GoalStatus.Succeeded, 10);
        var counts = await GoalIndex.CountByStatusAsync("alice");
        var unfinished = await GoalIndex.ListUnfinishedAsync();
        var prunable = await GoalIndex.ListFinishedBeforeAsync(T0.AddMinutes(10), 10);
        await GoalIndex.UpsertAsync(pending with { HandlersPending = false });
        var unfinishedAfter = await GoalIndex.ListUnfinishedAsync();
        var prunableAfter = await GoalIndex.ListFinishedBeforeAsync(T0.AddMinutes(10), 10);

        Assert.Contains(pending, listed);
        Assert.Equal(2, counts[GoalStatus.Succeeded]);
        Assert.False(counts.ContainsKey(GoalStatus.Running));
        Assert.Equal(["pending"], unfinished);
        Assert.Equal(["handled"], prunable);
        Assert.Empty(unfinishedAfter);
        Assert.Equal(["handled", "pending"], prunableAfter.Order());
    }

    [ContractFact]
    public async Task ListFinishedBeforeAsync_MixedEntries_ReturnsFinishedOlderThanCutoffUpToLimit()
    {
        await GoalIndex.UpsertAsync(Entry("old-ok", status: GoalStatus.Succeeded, updatedMinutes: 1));
        await GoalIndex.UpsertAsync(Entry("old-failed", status: GoalStatus.Failed, updatedMinutes: 2));
        await GoalIndex.UpsertAsync(Entry("old-cancelled", status: GoalStatus.Cancelled, updatedMinutes: 3));
        await GoalIndex.UpsertAsync(Entry("old-running", status: GoalStatus.Running, updatedMinutes: 1));
        await GoalIndex.UpsertAsync(Entry("new-ok", status: GoalStatus.Succeeded, updatedMinutes: 20));

        var all = await GoalIndex.ListFinishedBeforeAsync(T0.AddMinutes(10), 10);
        var limited = await GoalIndex.ListFinishedBeforeAsync(T0.AddMinutes(10), 2);

        Assert.Equal(["old-cancelled", "old-failed", "old-ok"], all.Order());
        Assert.Equal(2, limited.Count);
        Assert.Subset(all.ToHashSet(), limited.ToHashSet());
    }

    [ContractFact]
    public async Task DeleteGoalAsync_GoalWithState_RemovesIndexRowAndGrainStateOfGoalAndSteps()
    {
        await GoalIndex.UpsertAsync(Entry("g1"));
        await GoalIndex.UpsertAsync(Entry("g10"));
        await WriteStateAsync(GrainId.Create("goal", "g1"));
        await WriteStateAsync(GrainId.Create("steprun", "g1/s1"));
        await WriteStateAsync(GrainId.Create("steprun", "g1/s2"));
        await WriteStateAsync(GrainId.Create("goal", "g10"));
        await WriteStateAsync(GrainId.Create("steprun", "g10/s1"));

        await GoalIndex.DeleteGoalAsync("g1");

        Assert.Equal(["g10"], (await GoalIndex.ListAsync(null, null, 10)).Select(e => e.Id));
        Assert.False(await ExistsAsync(GrainId.Create("goal", "g1")));
        Assert.False(await ExistsAsync(GrainId.Create("steprun", "g1/s1")));
        Assert.False(await ExistsAsync(GrainId.Create("steprun", "g1/s2")));
        Assert.True(await ExistsAsync(GrainId.Create("goal", "g10")));
        Assert.True(await ExistsAsync(GrainId.Create("steprun", "g10/s1")));
    }

    [ContractFact]
    public async Task DeleteGoalAsync_UnknownGoal_Succeeds()
    {
        await GoalIndex.UpsertAsync(Entry("g1"));

        await GoalIndex.DeleteGoalAsync("nope");

        Assert.Single(await GoalIndex.ListAsync(null, null, 10));
    }

    [ContractFact]
    public async Task UpsertAsync_AfterReopen_EntryStillListed()
    {
        var entry = Entry("g1");
        await GoalIndex.UpsertAsync(entry);

        await ReopenAsync();

        Assert.Equal(entry, Assert.Single(await GoalIndex.ListAsync(null, null, 10)));
    }

    private async Task<List<string>> ReadAllPagesAsync(GoalIndexQuery query)
    {
        var seen = new List<string>();
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await GoalIndex.ListAsync(query);
            seen.AddRange(page.Select(e => e.Id));
            if (page.Count < query.Limit)
            {
                return seen;
            }

            query = query with { After = new GoalIndexPosition(page[^1].CreatedAt, page[^1].Id) };
        }

        throw new InvalidOperationException("paging did not end");
    }

    private Task WriteStateAsync(GrainId grainId) =>
        GrainStorage.WriteStateAsync("state", grainId, new TestGrainState { State = new TestState { Value = 1 } });

    private async Task<bool> ExistsAsync(GrainId grainId)
    {
        var state = new TestGrainState();
        await GrainStorage.ReadStateAsync("state", grainId, state);
        return state.RecordExists;
    }

    [ContractFact]
    public async Task ListAsync_IdPrefix_ListsOnlyThoseGoalsNewestFirstAndPages()
    {
        // '_' is a LIKE wildcard: "g_s_1_" must not match "g_s_1x..." nor "g_s_10_...".
        await GoalIndex.UpsertAsync(Entry("g_s_1_20250101T120000Z", minutes: 1));
        await GoalIndex.UpsertAsync(Entry("g_s_1_20250101T120002Z", minutes: 2));
        await GoalIndex.UpsertAsync(Entry("g_s_1_20250101T120004Z", minutes: 3));
        await GoalIndex.UpsertAsync(Entry("g_s_10_20250101T120000Z", minutes: 4));
        await GoalIndex.UpsertAsync(Entry("g_s_1x20250101T120000Z", minutes: 5));
        await GoalIndex.UpsertAsync(Entry("g_other", minutes: 6));

        var first = await GoalIndex.ListAsync(new GoalIndexQuery(null, null, 2, IdPrefix: "g_s_1_"));
        var last = first[^1];
        var second = await GoalIndex.ListAsync(new GoalIndexQuery(null, null, 2, new GoalIndexPosition(last.CreatedAt, last.Id), "g_s_1_"));

        Assert.Equal(["g_s_1_20250101T120004Z", "g_s_1_20250101T120002Z"], first.Select(e => e.Id));
        Assert.Equal(["g_s_1_20250101T120000Z"], second.Select(e => e.Id));
        Assert.Empty(await GoalIndex.ListAsync(new GoalIndexQuery("bob", null, 10, IdPrefix: "g_s_1_")));
    }
}
