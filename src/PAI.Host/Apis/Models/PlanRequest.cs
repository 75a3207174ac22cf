using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>An explicit plan in a goal request.</summary>
public sealed record PlanRequest
{
    /// <summary>The steps; order does not matter, <c>dependsOn</c> does.</summary>
    [Description("The steps (at most 1000); order does not matter, dependsOn does.")]
    public required IReadOnlyList<StepRequest> Steps { get; init; }
}
