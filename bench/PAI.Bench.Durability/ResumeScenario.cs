using System.Diagnostics;

namespace PAI.Bench.Durability;

/// <summary>Kills the host while a chain of appends runs, restarts it, and times the first new line written without
/// any request (from the process start, and from readiness).</summary>
internal static class ResumeScenario
{
    private const int Pairs = 40;

    public sealed record Sample(double Ready, double Progress);

    public static async Task<List<Sample>> RunAsync(int kills)
    {
        var samples = new List<Sample>();
        var random = new Random(42);
        await using var host = new HostProcess();
        await host.StartAsync();
        for (var kill = 1; kill <= kills; kill++)
        {
            var id = await host.SubmitAsync(Goals.AppendChain(Pairs));
            var file = Path.Combine(host.WorkspaceOf(id), "out", "lines.txt");
            while (Goals.CountLines(file) == 0)
            {
                await Task.Delay(5);
            }

            await Task.Delay(random.Next(300, 1200));
            await host.KillAsync();
            var linesAtKill = Goals.CountLines(file);
            if (linesAtKill >= Pairs)
            {
                Console.WriteLine($"kill {kill}: the goal had finished; not a sample");
                await host.StartAsync();
                continue;
            }

            // Watch from before the start: a resume may come before /readyz answers.
            using var stop = new CancellationTokenSource();
            var progress = WatchAsync(file, linesAtKill, stop.Token);
            await host.StartAsync();
            var progressAt = await progress.WaitAsync(TimeSpan.FromMinutes(2));
            var sample = new Sample(Ticks.Seconds(host.StartedAt, host.ReadyAt), Ticks.Seconds(host.StartedAt, progressAt));
            samples.Add(sample);
            Console.WriteLine($"kill {kill}: {linesAtKill} lines at the kill; ready {sample.Ready:F2} s, first new line {sample.Progress:F2} s after the process start");

            var goal = await host.WaitFinishedAsync(id);
            var lines = await File.ReadAllLinesAsync(file);
            if (goal["status"]!.GetValue<string>() != "Succeeded" || !lines.SequenceEqual(Enumerable.Range(1, Pairs).Select(i => $"line {i}")))
            {
                throw new InvalidOperationException($"goal {id} ended {goal["status"]} with {lines.Length} lines: not exactly once");
            }
        }

        return samples;
    }

    private static async Task<long> WatchAsync(string file, int linesAtKill, CancellationToken cancellationToken)
    {
        while (Goals.CountLines(file) <= linesAtKill)
        {
            await Task.Delay(5, cancellationToken);
        }

        return Stopwatch.GetTimestamp();
    }
}
