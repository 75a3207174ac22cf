using System.Collections.Concurrent;

namespace PAI.Engine.Tests.Testing;

/// <summary>What the test tools saw, shared between the silo and the tests (one singleton per silo).</summary>
public sealed class ToolProbe
{
    private readonly ConcurrentDictionary<string, int> _invocations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _times = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _entered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _cancelled = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _maxRunning = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();

    /// <summary>Counts one invocation under the idempotency key and returns the new count.</summary>
    public int Invoked(string key)
    {
        _times.GetOrAdd(key, _ => new()).Enqueue(DateTimeOffset.UtcNow);
        return _invocations.AddOrUpdate(key, 1, (_, n) => n + 1);
    }

    /// <summary>How often the tool ran under the key.</summary>
    public int Invocations(string key) => _invocations.GetValueOrDefault(key);

    /// <summary>When each invocation under the key began.</summary>
    public IReadOnlyList<DateTimeOffset> Times(string key) => _times.TryGetValue(key, out var q) ? q.ToArray() : [];

    /// <summary>Completes when a blocking tool has started under the key.</summary>
    public Task Entered(string key) => _entered.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Completes when a blocking tool under the key saw its cancellation token fire.</summary>
    public Task Cancelled(string key) => _cancelled.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Signals that a blocking tool started.</summary>
    public void SignalEntered(string key) => _entered.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Signals that a blocking tool saw cancellation.</summary>
    public void SignalCancelled(string key) => _cancelled.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Marks one more concurrently running call in the group; records the peak.</summary>
    public void Enter(string group)
    {
        var now = _running.AddOrUpdate(group, 1, (_, n) => n + 1);
        _maxRunning.AddOrUpdate(group, now, (_, max) => Math.Max(max, now));
    }

    /// <summary>Marks one concurrently running call in the group as finished.</summary>
    public void Leave(string group) => _running.AddOrUpdate(group, 0, (_, n) => n - 1);

    /// <summary>The most calls of the group that ran at once.</summary>
    public int MaxConcurrent(string group) => _maxRunning.GetValueOrDefault(group);

    /// <summary>Records a broken durability rule.</summary>
    public void Violation(string message) => _violations.Enqueue(message);

    /// <summary>Durability rules broken so far, for the goal (idempotency keys start with the goal id).</summary>
    public IReadOnlyList<string> ViolationsOf(string goalId) =>
        _violations.Where(v => v.StartsWith(goalId + "/", StringComparison.Ordinal)).ToList();
}
