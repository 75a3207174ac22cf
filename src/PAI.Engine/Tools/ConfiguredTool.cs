using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>A tool whose descriptor was changed by configuration; behaviour is the inner tool's.</summary>
internal sealed class ConfiguredTool(ITool inner, ToolDescriptor descriptor) : ITool
{
    public ToolDescriptor Descriptor { get; } = descriptor;

    public IReadOnlyList<string> Validate(JsonObject input) => inner.Validate(input);

    public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken) => inner.InvokeAsync(context, cancellationToken);
}
