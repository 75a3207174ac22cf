using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Tests.Contracts;

/// <summary>What every <see cref="IPrincipalUsageStore"/> must answer from the goal index.</summary>
public abstract class PrincipalUsageContractTests : StorageContractTestBase
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private Task AddAsync(string id, string owner, GoalStatus status, DateTimeOffset createdAt, int steps) =>
        GoalIndex.UpsertAsync(new GoalIndexEntry(id, owner, id, status, createdAt, createdAt, steps));

    [ContractFact]
    public async Task GetUsageAsync_NoGoals_IsZero()
    {
        Assert.Equal(new PrincipalUsage(0, 0), await PrincipalUsage.GetUsageAsync("nobody", T0));
    }

    [ContractFact]
    public async Task GetUsageAsync_MixedGoals_CountsUnfinishedAndRecentStepsOfThatOwnerOnly()
    {
        await AddAsync("g1", "alice", GoalStatus.Running, T0.AddMinutes(-90), 5);
        await AddAsync("g2", "alice", GoalStatus.WaitingForApproval, T0.AddMinutes(-30), 3);
        await AddAsync("g3", "alice", GoalStatus.Succeeded, T0.AddMinutes(-10), 4);
        await AddAsync("g4", "alice", GoalStatus.Pending, T0, 2);
        await AddAsync("g5", "bob", GoalStatus.Running, T0, 100);

        Assert.Equal(new PrincipalUsage(3, 9), await PrincipalUsage.GetUsageAsync("alice", T0.AddHours(-1)));
        Assert.Equal(new PrincipalUsage(1, 100), await PrincipalUsage.GetUsageAsync("bob", T0.AddHours(-1)));
    }
}
