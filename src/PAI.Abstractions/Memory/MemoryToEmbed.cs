namespace PAI.Abstractions.Memory;

/// <summary>A memory whose vector was made by another model than the current one.</summary>
/// <param name="Principal">Its owner.</param>
/// <param name="Id">Its id.</param>
/// <param name="Text">Its text.</param>
/// <param name="OccurredAt">When it happened (part of the embedded document).</param>
/// <param name="Model">The model that made its current vector.</param>
public sealed record MemoryToEmbed(string Principal, string Id, string Text, DateTimeOffset OccurredAt, string Model);
