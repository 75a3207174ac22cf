namespace PAI.Abstractions.Tools;

/// <summary>What a tool is, for the catalog, the planner and the guardrails.</summary>
/// <param name="Name">Dotted name, e.g. <c>file.write</c>.</param>
/// <param name="Description">One sentence.</param>
/// <param name="InputSchema">JSON Schema of the input object.</param>
/// <param name="Permission">A name an agent's allow-list may name instead of the tool (<c>net.weather</c>, <c>net.*</c>);
/// <c>none</c> when only the tool's own name counts.</param>
/// <param name="DefaultTimeout">Per-attempt limit when the step names none; null for no limit (durable waits).</param>
/// <param name="OutputSchema">JSON Schema of the output, when the tool declares one.</param>
/// <param name="RateLimit">Calls allowed per window, or null for no limit.</param>
/// <param name="MaxOutputBytes">Largest output (UTF-8 JSON) accepted from one call; null for the engine's default.</param>
/// <param name="Approval">True when every call needs a person's approval first: a step calling it (directly or in a
/// skill phase) waits for one, and a call nobody approved is refused. The one name for approval.</param>
[GenerateSerializer, Immutable]
public sealed record ToolDescriptor(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] string InputSchema,
    [property: Id(3)] string Permission,
    [property: Id(4)] TimeSpan? DefaultTimeout,
    [property: Id(5)] string? OutputSchema = null,
    [property: Id(6)] ToolRateLimit? RateLimit = null,
    [property: Id(7)] long? MaxOutputBytes = null,
    [property: Id(8)] bool Approval = false);
