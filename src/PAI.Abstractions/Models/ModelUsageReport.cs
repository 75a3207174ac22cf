namespace PAI.Abstractions.Models;

/// <summary>Usage a step reports to its goal: which model, for which agent, how much.</summary>
/// <param name="StepId">The step that made the calls ("" for planning).</param>
/// <param name="Model">The model id.</param>
/// <param name="Agent">The agent the calls ran as, if any.</param>
/// <param name="Usage">What they cost.</param>
[GenerateSerializer, Immutable]
public sealed record ModelUsageReport(
    [property: Id(0)] string StepId,
    [property: Id(1)] string Model,
    [property: Id(2)] string? Agent,
    [property: Id(3)] ModelUsage Usage);
