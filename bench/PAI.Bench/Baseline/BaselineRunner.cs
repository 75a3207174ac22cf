using System.Diagnostics;
using PAI.Bench.Engine;
using PAI.Bench.Reporting;

namespace PAI.Bench.Baseline;

/// <summary>Runs the same workloads through the in-memory baseline grains, timed the same way as the engine.</summary>
public sealed class BaselineRunner(BenchHost host)
{
    private int _run;

    /// <summary>Starts every coordinator at once and times until all are observed done.</summary>
    public async Task<ThroughputResult> RunAsync(Workload workload)
    {
        var run = Interlocked.Increment(ref _run);
        var plan = GoalPlans.Of(workload.Shape, workload.StepsPerGoal);
        var coordinators = Enumerable.Range(0, workload.Goals)
            .Select(i => host.Grains.GetGrain<IBaselineCoordinatorGrain>($"b_{workload.Name}_{run}_{i}"))
            .ToArray();

        var before = host.Store.Statistics;
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var startedAt = Stopwatch.GetTimestamp();
        await Task.WhenAll(coordinators.Select(c => c.StartAsync(plan)));
        var finishedAt = await Completion.WaitAllAsync(
            [.. coordinators.Select(c => (Func<Task<bool>>)c.IsDoneAsync)],
            startedAt,
            TimeSpan.FromMinutes(5));
        var after = host.Store.Statistics;
        var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;

        return new ThroughputResult(
            workload.Name,
            "baseline",
            workload.TotalSteps,
            Stopwatch.GetElapsedTime(startedAt, finishedAt).TotalSeconds,
            after.Commits - before.Commits,
            after.Operations - before.Operations,
            cpu);
    }
}
