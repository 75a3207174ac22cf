namespace PAI.Abstractions.Knowledge;

/// <summary>A fact of a write whose subject and object were resolved to entity ids, as <see cref="FactIngestPlanner"/> takes it.</summary>
public sealed record ResolvedFact(string SubjectId, string Predicate, string? ObjectId, string? Value, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo, bool Single);
