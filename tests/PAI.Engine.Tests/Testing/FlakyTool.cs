using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tests.Testing;

/// <summary><c>test.flaky</c>: fails retryably <c>failures</c> times under its idempotency key, then succeeds.</summary>
public sealed class FlakyTool(ToolProbe probe) : ITool
{
    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new("test.flaky", "Fails N times, then succeeds.", """{"type":"object"}""", "none", null);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => [];

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var failures = context.Input["failures"]?.GetValue<int>() ?? 0;
        var call = probe.Invoked(context.IdempotencyKey);
        if (call <= failures)
        {
            throw new ToolException($"flaky failure {call} of {failures}", retryable: true);
        }

        return Task.FromResult<JsonNode?>(new JsonObject { ["calls"] = call });
    }
}
