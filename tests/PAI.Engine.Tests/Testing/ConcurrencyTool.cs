using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tests.Testing;

/// <summary><c>test.concurrency</c>: holds for <c>ms</c> milliseconds while counting how many calls of its goal overlap.</summary>
public sealed class ConcurrencyTool(ToolProbe probe) : ITool
{
    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new("test.concurrency", "Measures overlap.", """{"type":"object"}""", "none", null);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => [];

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        probe.Invoked(context.IdempotencyKey);
        probe.Enter(context.GoalId);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(context.Input["ms"]?.GetValue<int>() ?? 100), cancellationToken);
        }
        finally
        {
            probe.Leave(context.GoalId);
        }

        return null;
    }
}
