using PAI.Abstractions.Knowledge;

namespace PAI.Memory.Graph;

/// <summary>A page of changes with their facts' names, and where the next page starts (null on the last).</summary>
public sealed record GraphChangesPage(IReadOnlyList<(GraphChange Change, FactView Fact)> Items, GraphChangeCursor? Next);
