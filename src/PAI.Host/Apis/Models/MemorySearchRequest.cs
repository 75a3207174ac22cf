using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>The body of <c>POST /api/memories/search</c>.</summary>
public sealed record MemorySearchRequest
{
    /// <summary>What to look for.</summary>
    [Description("What to look for (1-4,000 characters).")]
    public required string Query { get; init; }

    /// <summary>How many results (1-100, default 10).</summary>
    [Description("How many results (1-100, default 10).")]
    public int? K { get; init; }

    /// <summary>Only memories of this agent, goal and/or project.</summary>
    [Description("Only memories of this agent, goal and/or project.")]
    public MemoryScopeRequest? Scope { get; init; }

    /// <summary>Metadata and time conditions.</summary>
    [Description("Metadata and time conditions.")]
    public MemoryFilterRequest? Filter { get; init; }

    /// <summary><c>hybrid</c> (default), <c>vector</c> or <c>keyword</c>.</summary>
    [Description("hybrid (default), vector or keyword.")]
    public string? Mode { get; init; }
}
