using System.Collections.Concurrent;
using System.Diagnostics;

namespace PAI.Bench;

/// <summary>Records, per goal, the <see cref="Stopwatch"/> timestamp at which its first step's tool was invoked.</summary>
public sealed class ProbeClock
{
    private readonly ConcurrentDictionary<string, long> _firstInvocation = new(StringComparer.Ordinal);

    /// <summary>Records now for the goal unless a time is already recorded (a retried step keeps its first time).</summary>
    public void Record(string goalId) => _firstInvocation.TryAdd(goalId, Stopwatch.GetTimestamp());

    /// <summary>The recorded timestamp, removing it.</summary>
    public bool TryTake(string goalId, out long timestamp) => _firstInvocation.TryRemove(goalId, out timestamp);
}
