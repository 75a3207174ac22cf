namespace PAI.Abstractions.Knowledge;

/// <summary>A fact to store: subject, predicate and either an object entity or a literal value, and when it held.</summary>
/// <param name="Subject">Whom or what it is about.</param>
/// <param name="Predicate">The relation (normalised, see <see cref="Predicates"/>).</param>
/// <param name="Object">The entity it relates the subject to, or null for a literal.</param>
/// <param name="Value">The literal value (JSON text), when <paramref name="Object"/> is null.</param>
/// <param name="ValidFrom">When it started to hold.</param>
/// <param name="ValidTo">When it stopped holding; null while it still does.</param>
/// <param name="Single">True when the predicate has one value at a time: a current fact with another object closes.</param>
public sealed record FactAssertion(
    EntityMention Subject,
    string Predicate,
    EntityMention? Object,
    string? Value,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo,
    bool Single);
