// The real host as a person runs it: PAI.Host (Release) started as a child process on embedded SQLite, driven over
// HTTP with keep-alive, each goal awaited through its event stream.
// Usage: dotnet run -c Release --project bench/PAI.Bench.Host -- [--quick] [--rss-goals N] [--out FILE]
//        dotnet run -c Release --project bench/PAI.Bench.Host -- --compare BEFORE.json AFTER.json
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Bench.Host;
using PAI.Bench.Hosting;

if (args is ["--compare", var before, var after])
{
    return ReportComparison.Print(before, after) == 0 ? 0 : 1;
}

var quick = args.Contains("--quick");
var rssGoals = Option("--rss-goals", 0);
var outFile = OptionText("--out");
var loadAtStart = LoadAverage();
Console.WriteLine($"real host {HostProcess.HostDll}; cores={Environment.ProcessorCount}; load average at start: {loadAtStart}");

var measurements = new List<Measurement>();
await using (var host = new HostProcess())
{
    await host.StartAsync();
    Console.WriteLine("warm-up (every shape below, twice), then until the host is quiet...");
    for (var round = 0; round < 2; round++)
    {
        await ThroughputScenario.RunAsync(host, "warmup_chained", 20, 10, chained: true);
        await ThroughputScenario.RunAsync(host, "warmup_parallel", 1, 200, chained: false);
        await ThroughputScenario.RunAsync(host, "warmup_chain", 1, 200, chained: true);
        await LatencyScenario.RunAsync(host, "warmup_one_step", 30, idle: false);
    }

    // Each scenario starts on a quiet host: nothing the one before left behind (write-backs, JIT tiering) is charged to it.
    var settled = await HostQuiet.WaitAsync(host);
    Console.WriteLine($"  quiet after {settled.TotalSeconds:F1} s of host CPU");
    Console.WriteLine("baseline: authenticated no-op requests...");
    measurements.AddRange(await HttpBaselineScenario.RunAsync(host, quick ? 200 : 1000));
    Console.WriteLine("one-step goals, each on a quiet host...");
    measurements.AddRange(await LatencyScenario.RunAsync(host, "one_step", quick ? 30 : 100, idle: true));
    Console.WriteLine("one-step goals, back to back...");
    await HostQuiet.WaitAsync(host);
    measurements.AddRange(await LatencyScenario.RunAsync(host, "one_step_back_to_back", quick ? 50 : 300, idle: false));
    Console.WriteLine("1 goal x 1,000 parallel steps...");
    await HostQuiet.WaitAsync(host);
    measurements.AddRange(await ThroughputScenario.RunAsync(host, "parallel_1x1000", 1, 1000, chained: false));
    Console.WriteLine("100 goals x 10 chained steps...");
    measurements.AddRange(await ThroughputScenario.RunAsync(host, "chained_100x10", 100, 10, chained: true));
    Console.WriteLine("1 goal x 1,000 chained steps...");
    measurements.AddRange(await ThroughputScenario.RunAsync(host, "chained_1x1000", 1, quick ? 200 : 1000, chained: true));
    if (rssGoals > 0)
    {
        Console.WriteLine($"{rssGoals} one-step goals, resident memory sampled...");
        measurements.AddRange(await ResidentMemoryScenario.RunAsync(host, rssGoals));
    }
}

var loadAtEnd = LoadAverage();
var byName = measurements.ToDictionary(m => m.Name, StringComparer.Ordinal);
Console.WriteLine();
Console.WriteLine("| figure | value |");
Console.WriteLine("|---|---:|");
foreach (var m in measurements)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {m.Name} | {m.Value:0.###} {m.Unit} |"));
}

var cpuRatio = byName["chained_100x10.host_cpu_us_per_step"].Value / byName["baseline_http.host_cpu_us_per_request"].Value;
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host CPU per chained step / host CPU per no-op request (same run): {cpuRatio:F2}"));
Console.WriteLine("| target (issue 15) | measured | met |");
Console.WriteLine("|---|---|---|");
Target(">= 5,000 steps/s, 1 x 1,000 parallel (server)", "parallel_1x1000.server_steps_per_s", v => v >= 5000);
Target(">= 5,000 steps/s, 100 x 10 chained (server)", "chained_100x10.server_steps_per_s", v => v >= 5000);
Target("<= 2 ms per step, 1 x 1,000 chained (server)", "chained_1x1000.server_ms_per_step", v => v <= 2);
Target("1-step goal p50 <= 3 ms (server)", "one_step.server_ms_p50", v => v <= 3);
Target("1-step goal p99 <= 10 ms (server)", "one_step.server_ms_p99", v => v <= 10);
if (byName.ContainsKey("rss.spread_after_warmup_pct"))
{
    Target("RSS flat (± 10 %) as goals complete", "rss.spread_after_warmup_pct", v => v <= 20);
    Target("RSS a minute after the last goal within 10 % of the first tenth's", "rss.idle_after_vs_first_tenth_pct", v => v <= 10);
}

Console.WriteLine($"load average at start: {loadAtStart}; at end: {loadAtEnd}");
var line = new JsonObject
{
    ["harness"] = "real-host",
    ["date"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    ["cores"] = Environment.ProcessorCount,
    ["loadStart"] = loadAtStart,
    ["loadEnd"] = loadAtEnd,
    ["quick"] = quick,
    ["measurements"] = JsonSerializer.SerializeToNode(measurements, new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
}.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
Console.WriteLine(line);
if (outFile is not null)
{
    await File.WriteAllTextAsync(outFile, line + "\n");
}

return 0;

void Target(string target, string figure, Func<double, bool> met)
{
    var m = byName[figure];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {target} | {m.Value:0.##} {m.Unit} | {(met(m.Value) ? "yes" : "NO")} |"));
}

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
