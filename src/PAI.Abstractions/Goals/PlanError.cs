namespace PAI.Abstractions.Goals;

/// <summary>One reason a plan was rejected, pointing at the offending field.</summary>
/// <param name="Path">Where, e.g. <c>plan.steps[3].dependsOn[0]</c>.</param>
/// <param name="Message">What is wrong, in one readable sentence.</param>
[GenerateSerializer, Immutable]
public sealed record PlanError([property: Id(0)] string Path, [property: Id(1)] string Message);
