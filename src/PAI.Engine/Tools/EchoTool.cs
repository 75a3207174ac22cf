using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary><c>echo</c>: returns its input; the no-op step.</summary>
public sealed class EchoTool : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = BuiltInToolNames.Echo;

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Returns its input unchanged; has no effect.",
        """{"type":"object","additionalProperties":true}""",
        "none",
        TimeSpan.FromSeconds(10));

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => [];

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken) =>
        Task.FromResult<JsonNode?>(context.Input.DeepClone());
}
