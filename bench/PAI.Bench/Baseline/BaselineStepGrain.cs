using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Tools;

namespace PAI.Bench.Baseline;

/// <summary>
/// Runs the same registered tool the engine would (parse the input, invoke, serialize the output), then calls the
/// coordinator back; no persistence, retries or timeouts.
/// </summary>
public sealed class BaselineStepGrain(IToolRegistry tools) : Grain, IBaselineStepGrain, IStepCheckpoint
{
    /// <inheritdoc />
    public Task StartAsync(StepWork work)
    {
        _ = RunAsync(work);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    string? IStepCheckpoint.Get(string key) => null;

    /// <inheritdoc />
    Task IStepCheckpoint.SetAsync(string key, string value, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RunAsync(StepWork work)
    {
        // Let StartAsync's reply go first, as the StepRun does.
        await Task.Yield();
        var startedAt = DateTimeOffset.UtcNow;
        tools.TryGet(work.Tool ?? "", out var tool);
        var input = (JsonObject)JsonNode.Parse(work.Input)!;
        var context = new ToolContext(work.GoalId, work.StepId, 1, work.GoalId + "/" + work.StepId, input, "", work.Principal, this);
        var output = await tool.InvokeAsync(context, CancellationToken.None);
        var outcome = new StepOutcome(work.StepId, StepStatus.Succeeded, 1, startedAt, DateTimeOffset.UtcNow, output?.ToJsonString() ?? "null", null);
        await GrainFactory.GetGrain<IBaselineCoordinatorGrain>(work.GoalId).OnStepFinishedAsync(outcome);
        DeactivateOnIdle();
    }
}
