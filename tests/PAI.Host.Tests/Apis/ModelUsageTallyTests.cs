using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;
using PAI.Host.Apis;

namespace PAI.Host.Tests.Apis;

/// <summary><see cref="ModelUsageTally"/>: sums by model, agent and owner, counts goals with and without usage, keeps
/// the top goals by tokens, and gives the same answer whatever order the goals come in.</summary>
public sealed class ModelUsageTallyTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_SumsByModelAgentAndOwner_CountsGoals_KeepsTheTop()
    {
        var tally = new ModelUsageTally(top: 2);
        tally.Add(Goal("g1", "alice", [("m1", Use(1, 100, 10)), ("m2", Use(2, 50, 5))], ("default", Use(1, 100, 10))));
        tally.Add(Goal("g2", "bob", [("m1", Use(3, 1000, 100))]));
        tally.Add(Goal("g3", "alice", []));
        tally.Add(Goal("g4", "alice", [("m2", Use(1, 1, 1))], ("writer", Use(1, 1, 1))));

        Assert.Equal(4, tally.GoalsRead);
        Assert.Equal(3, tally.GoalsWithUsage);
        Assert.Equal(Use(7, 1151, 116), tally.Total);
        Assert.Equal(Use(4, 1100, 110), tally.ByModel["m1"]);
        Assert.Equal(Use(3, 51, 6), tally.ByModel["m2"]);
        Assert.Equal(["default", "writer"], tally.ByAgent.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Use(4, 151, 16), tally.ByPrincipal["alice"]);
        Assert.Equal(Use(3, 1000, 100), tally.ByPrincipal["bob"]);
        Assert.Equal(["g2", "g1"], tally.Top.Select(t => t.Goal.Id));
    }

    [Fact]
    public void Add_AnyOrder_SameAnswer()
    {
        var goals = Enumerable.Range(0, 200).Select(i => Goal($"g{i:D3}", i % 3 == 0 ? "alice" : "bob", [($"m{i % 4}", Use(1, i * 7 % 101, i % 13))])).ToList();
        var random = new Random(1234);
        var first = Summarise(goals);
        for (var round = 0; round < 5; round++)
        {
            Assert.Equal(first, Summarise([.. goals.OrderBy(_ => random.Next())]));
        }
    }

    private static string Summarise(IEnumerable<GoalView> goals)
    {
        var tally = new ModelUsageTally(top: 10);
        foreach (var g in goals)
        {
            tally.Add(g);
        }

        return string.Join(";", tally.Total, string.Join(",", tally.ByModel.OrderBy(kv => kv.Key, StringComparer.Ordinal)), string.Join(",", tally.ByPrincipal.OrderBy(kv => kv.Key, StringComparer.Ordinal)), string.Join(",", tally.Top.Select(t => t.Goal.Id)));
    }

    private static ModelUsage Use(long calls, long input, long output) => new(calls, input, output, TimeSpan.FromSeconds(calls));

    private static GoalView Goal(string id, string owner, (string Model, ModelUsage Usage)[] byModel, (string Agent, ModelUsage Usage)? agent = null) =>
        new(id, id, GoalStatus.Succeeded, At, At, [], null, null, owner, null,
            UsageByModel: byModel.ToDictionary(m => m.Model, m => m.Usage, StringComparer.Ordinal),
            UsageByAgent: agent is { } a ? new Dictionary<string, ModelUsage>(StringComparer.Ordinal) { [a.Agent] = a.Usage } : null);
}
