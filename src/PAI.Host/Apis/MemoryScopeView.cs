namespace PAI.Host.Apis;

/// <summary>A memory's optional scope fields (its principal is the caller).</summary>
public sealed record MemoryScopeView(string? Agent, string? Goal, string? Project);
