using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tests.Testing;

/// <summary><c>test.fail</c>: always fails, not retryably, with the input's <c>message</c>.</summary>
public sealed class FailTool(ToolProbe probe) : ITool
{
    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new("test.fail", "Always fails.", """{"type":"object"}""", "none", null);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => [];

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        probe.Invoked(context.IdempotencyKey);
        throw new ToolException(context.Input["message"]?.GetValue<string>() ?? "failed on purpose");
    }
}
