using PAI.Abstractions.Models;
using PAI.Engine.Agents;
using PAI.Engine.Goals;
using PAI.Models.Gateway;

namespace PAI.Models.Agents;

/// <summary>
/// The budgets one agent run obeys, from the agent's own (<c>budget:</c>), the goal's and the engine's defaults, the
/// smallest winning: turns, the run's tokens, a deadline, and (checked against the grains' totals) the goal's tokens and
/// the agent's tokens per day. A run over any of them ends with a message that starts with "budget exhausted".
/// </summary>
internal sealed record AgentLimits(string Agent, int MaxTurns, long MaxRunTokens, DateTimeOffset Deadline, long DailyTokens)
{
    /// <summary>The limits for a run that started at <paramref name="startedAt"/>.</summary>
    public static AgentLimits For(AgentDefinition agent, AgentRunRequest request, ModelOptions options, DateTimeOffset startedAt)
    {
        var budget = agent.Budget ?? AgentBudget.None;
        var goal = request.Work.Budget;
        var turns = new[] { budget.MaxTurns, goal?.MaxTurns ?? 0, options.MaxAgentTurns }.Where(t => t > 0).DefaultIfEmpty(int.MaxValue).Min();
        var deadline = startedAt + (budget.Timeout ?? options.AgentTimeout);
        if (goal?.Deadline is { } goalDeadline && request.Work.GoalCreatedAt is { } created && created + goalDeadline < deadline)
        {
            deadline = created + goalDeadline;
        }

        return new AgentLimits(agent.Name, turns, budget.MaxTokens, deadline, budget.DailyTokens);
    }

    /// <summary>Why the run may not take another turn, or null.</summary>
    public string? Check(AgentTranscript transcript, DateTimeOffset now, BudgetStatus goal, long agentTokensToday)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(goal);
        var exhausted = GoalMachine.BudgetExhausted;
        if (goal.Exhausted is { } why)
        {
            return why;
        }

        if (transcript.Turns.Count >= MaxTurns)
        {
            return $"{exhausted}: agent '{Agent}' took {transcript.Turns.Count} turns, its limit, without a final answer";
        }

        var tokens = transcript.InputTokens + transcript.OutputTokens;
        if (MaxRunTokens > 0 && tokens >= MaxRunTokens)
        {
            return $"{exhausted}: agent '{Agent}' used {tokens} tokens in this run, its limit is {MaxRunTokens}";
        }

        if (now >= Deadline)
        {
            return $"{exhausted}: agent '{Agent}' ran past its deadline ({Deadline:O})";
        }

        return DailyTokens > 0 && agentTokensToday >= DailyTokens
            ? $"{exhausted}: agent '{Agent}' used {agentTokensToday} tokens today, its daily limit is {DailyTokens}"
            : null;
    }
}
