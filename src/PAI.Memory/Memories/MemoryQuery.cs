using PAI.Abstractions.Memory;

namespace PAI.Memory.Memories;

/// <summary>A search as a caller asks for it (the principal comes from who is calling).</summary>
/// <param name="Text">The query.</param>
/// <param name="K">How many results; null: the default.</param>
/// <param name="Mode">How to rank.</param>
/// <param name="Filter">Metadata and time conditions.</param>
/// <param name="Agent">Scope filter: the agent, or null.</param>
/// <param name="Goal">Scope filter: the goal, or null.</param>
/// <param name="Project">Scope filter: the project, or null.</param>
/// <param name="Context">Where the search comes from, for scope boosts; null: none.</param>
/// <param name="Diversify">Re-rank for diversity (MMR).</param>
public sealed record MemoryQuery(
    string Text,
    int? K = null,
    MemorySearchMode Mode = MemorySearchMode.Hybrid,
    MemoryFilter? Filter = null,
    string? Agent = null,
    string? Goal = null,
    string? Project = null,
    MemoryScope? Context = null,
    bool Diversify = false);
