using PAI.Abstractions.Knowledge;

namespace PAI.Memory.Tests.Graph;

/// <summary>The pure rules of how facts enter the graph.</summary>
public sealed class FactIngestPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = T0.AddDays(100);

    [Fact]
    public void Plan_SingleValuedContradiction_RetiresTheCurrentFact()
    {
        var current = Stored("f_old", "paris", T0);

        var plan = Plan([Fact("berlin", T0.AddDays(10), single: true)], current);

        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal(FactConflictKind.Superseded, conflict.Kind);
        Assert.Equal([("f_old", plan.FactIds[0])], plan.Invalidations);
        Assert.Null(Assert.Single(plan.NewFacts).ValidTo);
    }

    [Fact]
    public void Plan_ContradictionStartingEarlier_IsCutShortAndTheCurrentStays()
    {
        var current = Stored("f_cur", "berlin", T0.AddDays(10));

        var plan = Plan([Fact("paris", T0, single: true)], current);

        Assert.Equal(FactConflictKind.Truncated, Assert.Single(plan.Conflicts).Kind);
        Assert.Empty(plan.Invalidations);
        Assert.Equal(T0.AddDays(10), Assert.Single(plan.NewFacts).ValidTo);
    }

    [Fact]
    public void Plan_NonOverlappingHistory_IsNoConflict()
    {
        var current = Stored("f_cur", "berlin", T0.AddDays(10));

        var plan = Plan([Fact("paris", T0, single: true, to: T0.AddDays(5))], current);

        Assert.Empty(plan.Conflicts);
        Assert.Single(plan.NewFacts);
    }

    [Fact]
    public void Plan_SameObjectOverlapping_AnswersTheCurrentId()
    {
        var plan = Plan([Fact("paris", T0.AddDays(3), single: true)], Stored("f_cur", "paris", T0));

        Assert.Equal(["f_cur"], plan.FactIds);
        Assert.Empty(plan.NewFacts);
    }

    [Fact]
    public void Plan_LaterFactInTheSameWrite_RetiresTheEarlierOne()
    {
        var plan = Plan([Fact("paris", T0, single: true), Fact("berlin", T0.AddDays(1), single: true)]);

        Assert.Equal(2, plan.NewFacts.Count);
        Assert.Equal(plan.FactIds[1], plan.NewFacts[0].SupersededBy);
        Assert.Equal(Now, plan.NewFacts[0].InvalidatedAt);
        Assert.Empty(plan.Invalidations);
    }

    [Fact]
    public void Plan_ManyValued_KeepsEveryObject()
    {
        var plan = Plan([Fact("tea", T0), Fact("coffee", T0)], Stored("f_cur", "water", T0, single: false));

        Assert.Equal(2, plan.NewFacts.Count);
        Assert.Empty(plan.Conflicts);
    }

    [Fact]
    public void Plan_SeededRandomWrites_NeverLeaveTwoCurrentOverlappingValuesOfASinglePredicate()
    {
        var random = new Random(42);
        var current = new List<GraphFact>();
        for (var round = 0; round < 200; round++)
        {
            var facts = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Fact($"o{random.Next(4)}", T0.AddDays(random.Next(30)), single: true, to: random.Next(3) == 0 ? T0.AddDays(30 + random.Next(30)) : null)).ToList();
            var plan = FactIngestPlanner.Plan(facts, current, Now, () => "f_" + Guid.NewGuid().ToString("N"));
            var retired = plan.Invalidations.Select(i => i.FactId).ToHashSet();
            current = [.. current.Where(f => !retired.Contains(f.Id)), .. plan.NewFacts.Where(f => f.InvalidatedAt is null)];
            foreach (var a in current)
            {
                Assert.DoesNotContain(current, b => b.Id != a.Id && b.ObjectId != a.ObjectId && b.Overlaps(a.ValidFrom, a.ValidTo));
            }
        }
    }

    private static FactIngestPlan Plan(IReadOnlyList<ResolvedFact> facts, params GraphFact[] current) =>
        FactIngestPlanner.Plan(facts, current, Now, () => "f_" + Guid.NewGuid().ToString("N"));

    private static ResolvedFact Fact(string obj, DateTimeOffset from, bool single = false, DateTimeOffset? to = null) => new("e_alice", "lives_in", "e_" + obj, null, from, to, single);

    private static GraphFact Stored(string id, string obj, DateTimeOffset from, bool single = true) => new(id, "e_alice", "lives_in", "e_" + obj, null, single, from, null, T0, null, null);
}
