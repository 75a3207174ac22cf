using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using PAI.Bench.Baseline;
using PAI.Bench.Engine;
using PAI.Bench.Reporting;

namespace PAI.Bench;

/// <summary>
/// The whole benchmark in one process: warm up, then alternate engine and baseline runs of each workload on the same
/// silo (so the ratio compares like with like), measure idle-host latency, and optionally repeat the engine runs on a
/// second silo whose store uses <c>synchronous=NORMAL</c>. Each figure is the median of the repeats.
/// </summary>
public static class BenchRunner
{
    /// <summary>The workloads of issue 3, item 10.</summary>
    public static readonly IReadOnlyList<Workload> Workloads =
    [
        new("1x1000", Goals: 1, StepsPerGoal: 1000, WorkloadShape.Parallel),
        new("100x10", Goals: 100, StepsPerGoal: 10, WorkloadShape.Chained),
    ];

    /// <summary>Runs one engine workload over and over (no report), for a profiler.</summary>
    public static async Task ProfileAsync(BenchOptions options)
    {
        var workload = Workloads.Single(w => w.Name == options.ProfileWorkload);
        await using var host = await BenchHost.StartAsync(synchronousFull: true);
        var engine = new EngineRunner(host, "engine");
        for (var i = 0; i < options.Repeat; i++)
        {
            Logged(await engine.RunAsync(workload));
        }
    }

    /// <summary>Runs everything and returns the report.</summary>
    public static async Task<BenchReport> RunAsync(BenchOptions options)
    {
        var results = new List<ThroughputResult>();
        LatencyResult latency;
        await using (var host = await BenchHost.StartAsync(synchronousFull: true))
        {
            var engine = new EngineRunner(host, "engine");
            var baseline = new BaselineRunner(host);

            await WarmUpAsync(options.WarmUp, engine, baseline);
            await engine.MeasureLatencyAsync(50);

            var samples = new List<ThroughputResult>();
            for (var i = 0; i < options.Repeat; i++)
            {
                foreach (var workload in Workloads)
                {
                    samples.Add(Logged(await engine.RunAsync(workload)));
                    samples.Add(Logged(await baseline.RunAsync(workload)));
                }
            }

            results.AddRange(Medians(samples));
            Log($"latency, {options.LatencySamples} goals one at a time");
            latency = await engine.MeasureLatencyAsync(options.LatencySamples);
        }

        if (options.IncludeNormal)
        {
            await using var host = await BenchHost.StartAsync(synchronousFull: false);
            var engine = new EngineRunner(host, "engine-normal");
            Log("synchronous=NORMAL");
            await WarmUpAsync(options.WarmUp / 2, engine, null);

            var samples = new List<ThroughputResult>();
            for (var i = 0; i < options.Repeat; i++)
            {
                foreach (var workload in Workloads)
                {
                    samples.Add(Logged(await engine.RunAsync(workload)));
                }
            }

            results.AddRange(Medians(samples));
        }

        var ordered = results.OrderBy(r => Workloads.Select(w => w.Name).ToList().IndexOf(r.Scenario)).ThenBy(r => r.Runner, StringComparer.Ordinal).ToList();
        return new BenchReport(
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            CpuModel(),
            Environment.ProcessorCount,
            RuntimeInformation.FrameworkDescription,
            ordered,
            latency,
            Targets(ordered, latency));
    }

    /// <summary>
    /// Tiered JIT needs many calls and a few seconds on 2 cores before the hot paths are optimized; a short warm-up
    /// measures the JIT, not PAI. Runs every workload until <paramref name="duration"/> has passed (at least 3 times).
    /// </summary>
    private static async Task WarmUpAsync(TimeSpan duration, EngineRunner engine, BaselineRunner? baseline)
    {
        Log($"warm-up, {duration.TotalSeconds:F0} s");
        var startedAt = Stopwatch.GetTimestamp();
        for (var round = 0; round < 3 || Stopwatch.GetElapsedTime(startedAt) < duration; round++)
        {
            foreach (var workload in Workloads)
            {
                await engine.RunAsync(workload);
                if (baseline is not null)
                {
                    await baseline.RunAsync(workload);
                }
            }
        }
    }

    private static List<TargetCheck> Targets(IReadOnlyList<ThroughputResult> results, LatencyResult latency)
    {
        var checks = new List<TargetCheck>();
        foreach (var workload in Workloads)
        {
            var engine = results.Single(r => r.Scenario == workload.Name && r.Runner == "engine");
            var baseline = results.Single(r => r.Scenario == workload.Name && r.Runner == "baseline");
            var ratio = engine.Seconds / baseline.Seconds;
            checks.Add(new($">= 5,000 durable steps/s ({workload.Description})", $"{ReportWriter.F(engine.StepsPerSecond, 0)} steps/s", engine.StepsPerSecond >= 5000));
            var cpuRatio = engine.CpuMicrosecondsPerStep / baseline.CpuMicrosecondsPerStep;
            checks.Add(new($"engine <= 5x plain grain calls ({workload.Description})", $"{ReportWriter.F(ratio, 2)}x wall time (baseline {ReportWriter.F(baseline.StepsPerSecond, 0)} steps/s); {ReportWriter.F(cpuRatio, 2)}x CPU per step", ratio <= 5));
            checks.Add(new($"<= 2 commits per step ({workload.Description})", $"{ReportWriter.F(engine.CommitsPerStep, 3)} commits/step", engine.CommitsPerStep <= 2));
        }

        checks.Add(new("submit -> first step p50 <= 5 ms", $"{ReportWriter.F(latency.FirstStep.P50, 2)} ms", latency.FirstStep.P50 <= 5));
        checks.Add(new("submit -> first step p99 <= 20 ms", $"{ReportWriter.F(latency.FirstStep.P99, 2)} ms", latency.FirstStep.P99 <= 20));
        return checks;
    }

    /// <summary>
    /// The median run by wall time, with the median CPU time of all runs (taken separately: a GC or a neighbour's burst
    /// inside one short run moves its CPU figure without necessarily moving its wall time, and the other way round).
    /// </summary>
    private static IEnumerable<ThroughputResult> Medians(IEnumerable<ThroughputResult> samples) =>
        samples
            .GroupBy(r => (r.Scenario, r.Runner))
            .Select(g => g.OrderBy(r => r.Seconds).ElementAt(g.Count() / 2) with
            {
                CpuSeconds = g.Select(r => r.CpuSeconds).Order().ElementAt(g.Count() / 2),
            });

    private static ThroughputResult Logged(ThroughputResult result)
    {
        Log($"{result.Scenario} {result.Runner}: {ReportWriter.F(result.StepsPerSecond, 0)} steps/s, {ReportWriter.F(result.CpuMicrosecondsPerStep, 0)} CPU µs/step, {ReportWriter.F(result.CommitsPerStep, 3)} commits/step");
        return result;
    }

    private static void Log(string message) => Console.Error.WriteLine($"[bench] {message}");

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
