using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Tools;
using PAI.Engine.Goals;
using PAI.Engine.Grains;
using PAI.Storage.Sqlite;

namespace PAI.Engine.Tests.Testing;

/// <summary>
/// <c>test.effect</c>: has one counted effect per call, and before it checks the durability rule that the store
/// already says the step is running (its goal's transition and its attempt were persisted before the work began).
/// </summary>
public sealed class EffectTool(ToolProbe probe, SqliteGrainStorage store) : ITool
{
    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new("test.effect", "Counts one effect per call.", """{"type":"object"}""", "none", null);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => [];

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        // Read straight from the undecorated store: what survives a crash now.
        var goal = new GrainState<GoalState>();
        await store.ReadStateAsync("goal", GrainId.Create("goal", context.GoalId), goal);
        var stored = goal.State!.Steps.FirstOrDefault(s => s.Spec.Id == context.StepId)?.Status;
        if (stored != StepStatus.Running)
        {
            probe.Violation($"{context.IdempotencyKey}: ran while the stored goal says {stored?.ToString() ?? "(no step)"}");
        }

        var step = new GrainState<StepRunState>();
        await store.ReadStateAsync("step", GrainId.Create("steprun", context.IdempotencyKey), step);
        if (step.State!.Attempts < context.Attempt)
        {
            probe.Violation($"{context.IdempotencyKey}: attempt {context.Attempt} ran while the store holds {step.State!.Attempts}");
        }

        var count = probe.Invoked(context.IdempotencyKey);
        return new JsonObject { ["step"] = context.StepId, ["effects"] = count };
    }
}
