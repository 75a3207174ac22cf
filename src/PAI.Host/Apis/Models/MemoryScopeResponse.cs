namespace PAI.Host.Apis.Models;

/// <summary>A memory's optional scope fields (its principal is the caller).</summary>
public sealed record MemoryScopeResponse(string? Agent, string? Goal, string? Project);
