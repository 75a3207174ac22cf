using PAI.Abstractions.Knowledge;

namespace PAI.Memory.Graph;

/// <summary>A conflict a write settled: the new fact (by position and id), how, and the current fact it met.</summary>
public sealed record ConflictView(int Index, string FactId, FactConflictKind Kind, FactView Existing);
