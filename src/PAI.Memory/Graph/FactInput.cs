namespace PAI.Memory.Graph;

/// <summary>A fact as a caller states it.</summary>
/// <param name="Subject">The subject entity's name.</param>
/// <param name="Predicate">The relation ("lives in", "works_at").</param>
/// <param name="Object">The object entity's name, or null when <paramref name="Value"/> is given.</param>
/// <param name="Value">A literal value as JSON text (a number, true/false, or a string meant as text, not an entity).</param>
/// <param name="ValidFrom">When it started to hold; default the time it was stated.</param>
/// <param name="ValidTo">When it stopped holding; default open.</param>
/// <param name="Single">True when the subject has one value for the predicate at a time.</param>
/// <param name="SubjectType">The subject's type, when known.</param>
/// <param name="ObjectType">The object's type, when known.</param>
public sealed record FactInput(
    string Subject,
    string Predicate,
    string? Object,
    string? Value = null,
    DateTimeOffset? ValidFrom = null,
    DateTimeOffset? ValidTo = null,
    bool Single = false,
    string? SubjectType = null,
    string? ObjectType = null);
