namespace PAI.Abstractions.Knowledge;

/// <summary>Where a page of changes ended: changes are ordered by (time, kind, fact id).</summary>
public sealed record GraphChangeCursor(DateTimeOffset At, GraphChangeKind Kind, string FactId);
