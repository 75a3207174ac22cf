namespace PAI.Memory.Memories;

/// <summary>One memory as a caller asks to remember it (the principal comes from who is calling).</summary>
/// <param name="Text">What to remember.</param>
/// <param name="Metadata">A JSON object (as text), or null.</param>
/// <param name="OccurredAt">When it happened; null: now.</param>
/// <param name="Agent">Scope: the agent, or null.</param>
/// <param name="Goal">Scope: the goal, or null.</param>
/// <param name="Project">Scope: the project, or null.</param>
public sealed record MemoryInput(string Text, string? Metadata = null, DateTimeOffset? OccurredAt = null, string? Agent = null, string? Goal = null, string? Project = null);
