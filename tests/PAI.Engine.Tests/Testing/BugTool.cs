using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tests.Testing;

/// <summary><c>test.bug</c>: throws an exception no tool should (a bug), to show a step still ends with a reason.</summary>
public sealed class BugTool(ToolProbe probe) : ITool
{
    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new("test.bug", "Throws an unexpected exception.", """{"type":"object"}""", "none", null);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => [];

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        probe.Invoked(context.IdempotencyKey);
        throw new InvalidCastException("a bug in the tool");
    }
}
