using System.Text.Json.Nodes;

namespace PAI.Abstractions.Tools;

/// <summary>Everything a tool call needs: its input, where it may write, and how to stay idempotent.</summary>
/// <param name="GoalId">The goal.</param>
/// <param name="StepId">The step.</param>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="IdempotencyKey">Stable across attempts and restarts of the step: <c>{goalId}/{stepId}</c>.</param>
/// <param name="Input">The resolved input object.</param>
/// <param name="Workspace">The goal's workspace folder (absolute).</param>
/// <param name="Principal">Who owns the goal.</param>
/// <param name="Checkpoint">Durable per-step values.</param>
public sealed record ToolContext(
    string GoalId,
    string StepId,
    int Attempt,
    string IdempotencyKey,
    JsonObject Input,
    string Workspace,
    string Principal,
    IStepCheckpoint Checkpoint);
