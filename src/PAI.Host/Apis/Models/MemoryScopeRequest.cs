using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>A memory's scope besides its principal (always the caller); in a search, a filter on each field given.</summary>
public sealed record MemoryScopeRequest
{
    /// <summary>The agent.</summary>
    [Description("The agent.")]
    public string? Agent { get; init; }

    /// <summary>The goal.</summary>
    [Description("The goal.")]
    public string? Goal { get; init; }

    /// <summary>The project.</summary>
    [Description("The project.")]
    public string? Project { get; init; }
}
