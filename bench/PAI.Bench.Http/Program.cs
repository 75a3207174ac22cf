using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;

// dotnet run -c Release --project bench/PAI.Bench.Http [-- rounds]
// What the strict request reader (415/400/422 checks, then deserialize) costs over deserializing the same body with the
// same options and no checks: a ratio measured in the same process, rounds interleaved, median of the rounds.
var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
Console.WriteLine("| plan | body | plain deserialize (median) | strict read (median) | ratio (median of per-round ratios) |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var steps in new[] { 10, 100, 1000 })
{
    var body = GoalBody(steps);
    var iterations = Math.Max(20, 20_000 / steps);
    var plain = new List<double>();
    var strict = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        plain.Add(MicrosecondsPerCall(() => JsonSerializer.Deserialize<GoalRequest>(body, StrictJsonBody.Options), iterations));
        strict.Add(MicrosecondsPerCall(() => StrictJsonBody.Parse<GoalRequest>(body), iterations));
    }

    var ratios = plain.Zip(strict, (p, s) => s / p).ToList();
    Console.WriteLine($"| {steps} steps | {body.Length:N0} B | {Median(plain):F1} µs | {Median(strict):F1} µs | {Median(ratios):F2} |");
}

static byte[] GoalBody(int steps)
{
    var plan = new JsonArray(Enumerable.Range(0, steps).Select(i => (JsonNode)new JsonObject
    {
        ["id"] = $"s{i}",
        ["tool"] = "echo",
        ["with"] = new JsonObject { ["text"] = new string('x', 50), ["n"] = i, ["list"] = new JsonArray(1, 2, 3) },
        ["dependsOn"] = i == 0 ? new JsonArray() : new JsonArray($"s{i - 1}"),
        ["retry"] = new JsonObject { ["maxAttempts"] = 3, ["backoff"] = "1s" },
    }).ToArray());
    return Encoding.UTF8.GetBytes(new JsonObject { ["title"] = "bench", ["plan"] = new JsonObject { ["steps"] = plan } }.ToJsonString());
}

static double MicrosecondsPerCall(Action call, int iterations)
{
    for (var i = 0; i < Math.Max(3, iterations / 10); i++)
    {
        call();
    }

    var clock = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        call();
    }

    return clock.Elapsed.TotalMicroseconds / iterations;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
