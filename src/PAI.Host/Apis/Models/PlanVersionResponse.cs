using System.ComponentModel;
using PAI.Abstractions.Planning;

namespace PAI.Host.Apis.Models;

/// <summary>How one version of a goal's plan came about.</summary>
public sealed record PlanVersionResponse(
    [property: Description("1 for the first plan, one more per re-plan.")] int Version,
    [property: Description("'submitted', 'skill' or 'model'.")] string Source,
    [property: Description("The model that wrote it (model plans).")] string? Model,
    [property: Description("What planning cost (model plans).")] UsageResponse? Usage,
    [property: Description("Answers the model gave (1 plus the repairs).")] int Attempts,
    [property: Description("Why this version was made: null for the first, the failure for a re-plan.")] string? Reason,
    [property: Description("Memories and current facts recalled for the goal and shown to the planner.")] IReadOnlyList<MemoryUsedResponse> Memories,
    DateTimeOffset At)
{
    /// <summary>From the engine's record.</summary>
    public static PlanVersionResponse From(PlanningRecord p) => new(
        p.Version, p.Source, p.Model, p.Usage is { } u ? UsageResponse.From(u) : null, p.Attempts, p.Reason,
        p.Memories.Select(m => new MemoryUsedResponse(m.Id, m.Text, m.Score, m.IsFact ? RecalledMemory.Fact : RecalledMemory.Memory)).ToList(), p.At);
}

/// <summary>A memory or a current fact of the knowledge graph the planner was shown.</summary>
public sealed record MemoryUsedResponse(
    string Id,
    string Text,
    double Score,
    [property: Description("'memory', or 'fact' for a fact of the knowledge graph about an entity the goal names.")] string Kind);
