using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Bench;

/// <summary>
/// <c>bench.probe</c>: records when the engine invoked it, then behaves like <c>echo</c>. Registered only in the bench;
/// "first step running" is the moment a StepRun calls a tool, so timing it inside the tool is the honest measure.
/// </summary>
public sealed class ProbeTool(ProbeClock clock) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "bench.probe";

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Records the time it was invoked and returns its input.",
        """{"type":"object","additionalProperties":true}""",
        "none",
        TimeSpan.FromSeconds(10));

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => [];

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        clock.Record(context.GoalId);
        return Task.FromResult<JsonNode?>(context.Input.DeepClone());
    }
}
