namespace PAI.Abstractions.Knowledge;

/// <summary>An entity whose name has no embedding yet.</summary>
public sealed record EntityToEmbed(string Principal, string Id, string Name, string? Type);
