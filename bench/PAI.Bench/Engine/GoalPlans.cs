using System.Globalization;
using PAI.Abstractions.Goals;

namespace PAI.Bench.Engine;

/// <summary>The DAGs the bench runs.</summary>
public static class GoalPlans
{
    /// <summary><paramref name="steps"/> independent steps.</summary>
    public static PlanSpec Parallel(int steps, string tool = "echo") =>
        new([.. Enumerable.Range(0, steps).Select(i => Step(i, tool, []))]);

    /// <summary>A chain: step i depends on step i-1.</summary>
    public static PlanSpec Chained(int steps, string tool = "echo") =>
        new([.. Enumerable.Range(0, steps).Select(i => Step(i, tool, i == 0 ? [] : [Id(i - 1)]))]);

    /// <summary>A plan of the given shape.</summary>
    public static PlanSpec Of(WorkloadShape shape, int steps, string tool = "echo") =>
        shape == WorkloadShape.Chained ? Chained(steps, tool) : Parallel(steps, tool);

    /// <summary>A submission of the plan by <paramref name="principal"/>, as the HTTP API would hand it to a goal grain.</summary>
    public static SubmitGoalCommand Command(string principal, string title, PlanSpec plan) =>
        new(principal, new GoalSubmission(title, null, null, null, plan, null), title);

    private static StepSpec Step(int i, string tool, IReadOnlyList<string> dependsOn) =>
        new(Id(i), tool, null, "{\"i\":" + i.ToString(CultureInfo.InvariantCulture) + "}", dependsOn);

    private static string Id(int i) => "s" + i.ToString(CultureInfo.InvariantCulture);
}
