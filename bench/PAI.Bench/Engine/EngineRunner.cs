using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Bench.Reporting;

namespace PAI.Bench.Engine;

/// <summary>
/// Runs workloads through the durable engine: goal grains submitted in-process, as the HTTP API does. Completion is
/// read from the goal index (one query for the whole run, owner = the run's principal), which the goal updates right
/// after its final state write: polling GetAsync would build a view of every step per poll and load the goal grain
/// that is being measured.
/// </summary>
public sealed class EngineRunner(BenchHost host, string runner)
{
    private int _run;

    /// <summary>Submits every goal of the workload at once and times until all are observed Succeeded.</summary>
    public async Task<ThroughputResult> RunAsync(Workload workload)
    {
        var run = Interlocked.Increment(ref _run);
        var plan = GoalPlans.Of(workload.Shape, workload.StepsPerGoal);
        var goals = Enumerable.Range(0, workload.Goals)
            .Select(i => host.Grains.GetGrain<IGoalGrain>($"g_{runner}_{workload.Name}_{run}_{i}"))
            .ToArray();
        var principal = $"bench-{runner}-{workload.Name}-{run}";
        var commands = goals.Select(g => GoalPlans.Command(principal, g.GetPrimaryKeyString(), plan)).ToArray();
        var index = host.Services.GetRequiredService<IGoalIndex>();

        var before = host.Store.Statistics;
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var startedAt = Stopwatch.GetTimestamp();
        var submitted = await Task.WhenAll(goals.Select((g, i) => g.SubmitAsync(commands[i])));
        if (submitted.FirstOrDefault(r => r.Outcome != SubmitOutcome.Accepted) is { } refused)
        {
            throw new InvalidOperationException($"goal {refused.GoalId} was not accepted: {refused.Outcome} {string.Join("; ", refused.Errors.Select(e => e.Message))}");
        }

        var finishedAt = await Completion.WaitAsync(
            async () => (await index.ListAsync(principal, null, workload.Goals)).Count(e => e.Status.IsTerminal()) == workload.Goals,
            startedAt,
            TimeSpan.FromMinutes(5));
        var after = host.Store.Statistics;
        var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;

        foreach (var goal in goals)
        {
            var view = await goal.GetAsync();
            if (view?.Status != GoalStatus.Succeeded)
            {
                throw new InvalidOperationException($"goal {goal.GetPrimaryKeyString()} ended {view?.Status}: {view?.Error}");
            }
        }

        return new ThroughputResult(
            workload.Name,
            runner,
            workload.TotalSteps,
            Stopwatch.GetElapsedTime(startedAt, finishedAt).TotalSeconds,
            after.Commits - before.Commits,
            after.Operations - before.Operations,
            cpu);
    }

    /// <summary>
    /// Submit to first step running, one goal at a time on an otherwise idle host: a one-step goal whose tool records
    /// when it was invoked. Each goal is awaited to completion (and the host left a moment) before the next.
    /// </summary>
    public async Task<LatencyResult> MeasureLatencyAsync(int samples)
    {
        var run = Interlocked.Increment(ref _run);
        var plan = GoalPlans.Parallel(1, ProbeTool.Name);
        var firstStep = new List<double>(samples);
        var accepted = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var goal = host.Grains.GetGrain<IGoalGrain>($"g_{runner}_latency_{run}_{i}");
            var command = GoalPlans.Command("bench-latency", goal.GetPrimaryKeyString(), plan);
            var startedAt = Stopwatch.GetTimestamp();
            var result = await goal.SubmitAsync(command);
            var acceptedAt = Stopwatch.GetTimestamp();
            if (result.Outcome != SubmitOutcome.Accepted)
            {
                throw new InvalidOperationException($"latency goal {i} was not accepted: {result.Outcome}");
            }

            await Completion.WaitAsync(async () => IsFinished(await goal.GetAsync()), startedAt, TimeSpan.FromSeconds(30));
            if (!host.Probe.TryTake(goal.GetPrimaryKeyString(), out var invokedAt))
            {
                throw new InvalidOperationException($"latency goal {i} finished without invoking its probe step");
            }

            firstStep.Add(Stopwatch.GetElapsedTime(startedAt, invokedAt).TotalMilliseconds);
            accepted.Add(Stopwatch.GetElapsedTime(startedAt, acceptedAt).TotalMilliseconds);
            await Task.Delay(2);
        }

        return new LatencyResult(samples, Percentiles.Of(firstStep), Percentiles.Of(accepted));
    }

    private static bool IsFinished(GoalView? view) => view is not null && view.Status.IsTerminal();
}
