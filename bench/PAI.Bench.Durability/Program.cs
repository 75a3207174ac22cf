// Durability timing promises, measured on the real PAI.Host killed with SIGKILL:
//   resume: after a restart, in-flight goals make progress within 5 s of the process start, with no request;
//   wait:   a durable wait interrupted by a kill ends at its original deadline ± 1 s.
// Usage: dotnet run -c Release --project bench/PAI.Bench.Durability -- [--kills N] [--wait-rounds N]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using PAI.Bench.Durability;

var kills = Option("--kills", 10);
var waitRounds = Option("--wait-rounds", 3);
var loadAtStart = LoadAverage();
Console.WriteLine($"cores={Environment.ProcessorCount} kills={kills} wait-rounds={waitRounds} load average at start: {loadAtStart}");

var resume = await ResumeScenario.RunAsync(kills);
var waits = await WaitScenario.RunAsync(waitRounds);
var loadAtEnd = LoadAverage();

Console.WriteLine();
Console.WriteLine($"| resume after SIGKILL (N={resume.Count}) | p50 | p90 | max |");
Console.WriteLine("|---|---:|---:|---:|");
Row("process start -> ready (/readyz 200): baseline", resume.Select(r => r.Ready));
Row("process start -> first new line (no request)", resume.Select(r => r.Progress));
Row("ready -> first new line", resume.Select(r => r.Progress - r.Ready));
Console.WriteLine();
Console.WriteLine($"| durable wait of 10 s, lateness vs its deadline | N | p50 | max early | max late |");
Console.WriteLine("|---|---:|---:|---:|---:|");
WaitRow("no kill: baseline", waits.Baseline);
WaitRow("killed at ~4 s, restarted at 6 s", waits.Killed);
WaitRow("the same, from max(deadline, host ready)", waits.KilledAfterReady);
Console.WriteLine();

var resumeMax = resume.Max(r => r.Progress);
var waitWorst = waits.Killed.Max(Math.Abs);
var waitWorstAfterReady = waits.KilledAfterReady.Max(Math.Abs);
Console.WriteLine("| promise | measured | met |");
Console.WriteLine("|---|---|---|");
Console.WriteLine($"| resume <= 5 s after restart, no request | max {resumeMax:F2} s (start-up alone: max {resume.Max(r => r.Ready):F2} s) | {(resumeMax <= 5 ? "yes" : "NO")} |");
Console.WriteLine($"| interrupted wait ends at its deadline ± 1 s | worst {waitWorst:F2} s off (no-kill baseline worst {waits.Baseline.Max(Math.Abs):F2} s) | {(waitWorst <= 1 ? "yes" : "NO")} |");
Console.WriteLine($"| the same, counted from when the host was back (if after the deadline) | worst {waitWorstAfterReady:F2} s off | {(waitWorstAfterReady <= 1 ? "yes" : "NO")} |");
Console.WriteLine($"load average at start: {loadAtStart}; at end: {loadAtEnd}");

var json = new JsonObject
{
    ["cores"] = Environment.ProcessorCount,
    ["loadStart"] = loadAtStart,
    ["loadEnd"] = loadAtEnd,
    ["resumeReadySeconds"] = new JsonArray(resume.Select(r => (JsonNode)Math.Round(r.Ready, 3)).ToArray()),
    ["resumeProgressSeconds"] = new JsonArray(resume.Select(r => (JsonNode)Math.Round(r.Progress, 3)).ToArray()),
    ["waitBaselineLatenessSeconds"] = new JsonArray(waits.Baseline.Select(l => (JsonNode)Math.Round(l, 3)).ToArray()),
    ["waitKilledLatenessSeconds"] = new JsonArray(waits.Killed.Select(l => (JsonNode)Math.Round(l, 3)).ToArray()),
    ["waitKilledLatenessAfterReadySeconds"] = new JsonArray(waits.KilledAfterReady.Select(l => (JsonNode)Math.Round(l, 3)).ToArray()),
};
Console.WriteLine(json.ToJsonString());
return resumeMax <= 5 && waitWorst <= 1 ? 0 : 1;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static void Row(string name, IEnumerable<double> seconds)
{
    var sorted = seconds.Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Percentile(sorted, 0.5):F2} s | {Percentile(sorted, 0.9):F2} s | {sorted[^1]:F2} s |"));
}

static void WaitRow(string name, List<double> lateness)
{
    var sorted = lateness.Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {sorted.Count} | {Percentile(sorted, 0.5):+0.00;-0.00} s | {Math.Min(0, sorted[0]):+0.00;-0.00;0.00} s | {Math.Max(0, sorted[^1]):+0.00;-0.00;0.00} s |"));
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

/// <summary>Seconds between two <see cref="Stopwatch"/> timestamps.</summary>
internal static class Ticks
{
    public static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;
}
