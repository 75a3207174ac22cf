namespace PAI.Abstractions.Memory;

/// <summary>A metadata filter term: the memory's top-level <paramref name="Key"/> equals one of <paramref name="AnyOf"/>.</summary>
/// <param name="Key">A top-level key of the metadata object (letters, digits, <c>_ - .</c>; at most 64 characters).</param>
/// <param name="AnyOf">JSON scalar literals (<c>"text"</c>, <c>3</c>, <c>true</c>) in canonical form (see <see cref="MetadataValues"/>).</param>
[GenerateSerializer, Immutable]
public sealed record MetadataCondition(
    [property: Id(0)] string Key,
    [property: Id(1)] IReadOnlyList<string> AnyOf);
