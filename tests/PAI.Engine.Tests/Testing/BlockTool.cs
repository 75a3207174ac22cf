using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tests.Testing;

/// <summary><c>test.block</c>: waits on its cancellation token until it fires, and says so.</summary>
public sealed class BlockTool(ToolProbe probe) : ITool
{
    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new("test.block", "Blocks until cancelled.", """{"type":"object"}""", "none", null);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => [];

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        probe.Invoked(context.IdempotencyKey);
        probe.SignalEntered(context.IdempotencyKey);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            probe.SignalCancelled(context.IdempotencyKey);
            throw;
        }

        return null;
    }
}
