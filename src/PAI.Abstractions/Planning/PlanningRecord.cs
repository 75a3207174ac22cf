using PAI.Abstractions.Models;

namespace PAI.Abstractions.Planning;

/// <summary>How one version of a goal's plan came about.</summary>
/// <param name="Version">1 for the first plan, then one more per re-plan.</param>
/// <param name="Source"><c>submitted</c>, <c>skill</c> or <c>model</c>.</param>
/// <param name="Model">The model that wrote it (model plans only).</param>
/// <param name="Usage">What planning cost (model plans only).</param>
/// <param name="Attempts">Answers the model gave (1 plus the repairs).</param>
/// <param name="Reason">Why this version was made: null for the first, the failed step's error for a re-plan.</param>
/// <param name="Memories">Memories recalled for the goal and shown to the planner.</param>
/// <param name="At">When the plan was ready.</param>
[GenerateSerializer, Immutable]
public sealed record PlanningRecord(
    [property: Id(0)] int Version,
    [property: Id(1)] string Source,
    [property: Id(2)] string? Model,
    [property: Id(3)] ModelUsage? Usage,
    [property: Id(4)] int Attempts,
    [property: Id(5)] string? Reason,
    [property: Id(6)] IReadOnlyList<RecalledMemory> Memories,
    [property: Id(7)] DateTimeOffset At);
