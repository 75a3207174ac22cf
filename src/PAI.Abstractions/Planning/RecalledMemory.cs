namespace PAI.Abstractions.Planning;

/// <summary>A memory recalled for a goal and shown to the planner.</summary>
/// <param name="Id">The memory's id.</param>
/// <param name="Text">Its text (as shown to the planner).</param>
/// <param name="Score">Its relevance score.</param>
[GenerateSerializer, Immutable]
public sealed record RecalledMemory(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] double Score);
