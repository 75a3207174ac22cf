using System.Collections.Concurrent;
using PAI.Abstractions.Goals;
using PAI.Engine.Goals;
using PAI.Storage.Sqlite;

namespace PAI.Engine.Tests.Testing;

/// <summary>
/// A goal-finished handler that records every delivery together with what the store held at that moment (the terminal
/// state must be durable before any handler runs), and fails the first deliveries of goals a test asks it to.
/// </summary>
public sealed class FinishedProbe(SqliteGrainStorage store) : IGoalFinishedHandler
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(FinishedGoal Goal, GoalStatus Stored)>> _deliveries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _handled = new(StringComparer.Ordinal);

    /// <summary>Makes the next <paramref name="count"/> deliveries of the goal throw.</summary>
    public void FailNext(string goalId, int count) => _failuresLeft[goalId] = count;

    /// <summary>Every delivery of the goal, with the status the store held when it was made.</summary>
    public IReadOnlyList<(FinishedGoal Goal, GoalStatus Stored)> Deliveries(string goalId) =>
        _deliveries.TryGetValue(goalId, out var q) ? q.ToArray() : [];

    /// <summary>Completes once a delivery of the goal succeeded.</summary>
    public Task Handled(string goalId) => _handled.GetOrAdd(goalId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <inheritdoc />
    public async Task OnGoalFinishedAsync(FinishedGoal goal, CancellationToken cancellationToken)
    {
        var stored = new GrainState<GoalState>();
        await store.ReadStateAsync("goal", GrainId.Create("goal", goal.GoalId), stored);
        _deliveries.GetOrAdd(goal.GoalId, _ => new()).Enqueue((goal, stored.State?.Status ?? GoalStatus.Pending));
        if (_failuresLeft.TryGetValue(goal.GoalId, out var left) && left > 0)
        {
            _failuresLeft[goal.GoalId] = left - 1;
            throw new InvalidOperationException("the finished probe was told to fail");
        }

        _handled.GetOrAdd(goal.GoalId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
