namespace PAI.Abstractions.Tools;

/// <summary>What a tool is, for the catalog and the planner.</summary>
/// <param name="Name">Dotted name, e.g. <c>file.write</c>.</param>
/// <param name="Description">One sentence.</param>
/// <param name="InputSchema">JSON Schema of the input object.</param>
/// <param name="Permission">The permission an agent needs to call it.</param>
/// <param name="DefaultTimeout">Per-attempt limit when the step names none; null for no limit (durable waits).</param>
[GenerateSerializer, Immutable]
public sealed record ToolDescriptor(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] string InputSchema,
    [property: Id(3)] string Permission,
    [property: Id(4)] TimeSpan? DefaultTimeout);
