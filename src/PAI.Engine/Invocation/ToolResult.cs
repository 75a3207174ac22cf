using System.Text.Json.Nodes;

namespace PAI.Engine.Invocation;

/// <summary>What a tool call came to. A failure is a value, not an exception: a step fails with <see cref="Error"/>, a
/// model reads it as the function's answer.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Output">The tool's output (success only).</param>
/// <param name="OutputJson">The output as JSON text, measured against the cap once (success only).</param>
/// <param name="Error">Why it failed or was refused.</param>
/// <param name="Attempts">Attempts made by this invocation (0 when refused).</param>
public sealed record ToolResult(ToolResultStatus Status, JsonNode? Output, string? OutputJson, string? Error, int Attempts)
{
    /// <summary>True when the tool returned an output.</summary>
    public bool Succeeded => Status == ToolResultStatus.Succeeded;

    /// <summary>A success.</summary>
    public static ToolResult Success(JsonNode? output, string outputJson, int attempts) => new(ToolResultStatus.Succeeded, output, outputJson, null, attempts);

    /// <summary>A failure after <paramref name="attempts"/> attempts.</summary>
    public static ToolResult Failure(string error, int attempts) => new(ToolResultStatus.Failed, null, null, error, attempts);

    /// <summary>A call that was not made.</summary>
    public static ToolResult Refusal(string error) => new(ToolResultStatus.Refused, null, null, error, 0);
}
