namespace PAI.Abstractions.Knowledge;

/// <summary>A stored entity.</summary>
/// <param name="Id">The entity's id (<c>e_</c> and 32 hex digits).</param>
/// <param name="Name">Its canonical name.</param>
/// <param name="Type">Its type, or null.</param>
/// <param name="Aliases">Every key it is known by (its own name's key included).</param>
/// <param name="CreatedAt">When it was first mentioned.</param>
public sealed record GraphEntity(string Id, string Name, string? Type, IReadOnlyList<string> Aliases, DateTimeOffset CreatedAt);
