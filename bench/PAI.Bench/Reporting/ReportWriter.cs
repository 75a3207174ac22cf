using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PAI.Bench.Reporting;

/// <summary>Prints the report as Markdown tables and one JSON line.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // The line is read by people and scripts, never embedded in HTML: keep '<' and '>' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The Markdown tables.</summary>
    public static string Table(BenchReport report)
    {
        var baselines = report.Throughput.Where(r => r.Runner == "baseline").ToDictionary(r => r.Scenario);
        var text = new StringBuilder();
        text.AppendLine("| workload | runner | steps | seconds | steps/s | engine time / baseline time | CPU µs/step | engine CPU / baseline CPU | commits/step | writes/step |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in report.Throughput)
        {
            var hasBaseline = baselines.TryGetValue(r.Scenario, out var b) && r.Runner != "baseline";
            var ratio = hasBaseline ? F(r.Seconds / b!.Seconds, 2) + "x" : "";
            var cpuRatio = hasBaseline ? F(r.CpuMicrosecondsPerStep / b!.CpuMicrosecondsPerStep, 2) + "x" : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Runner} | {r.Steps} | {F(r.Seconds, 3)} | {F(r.StepsPerSecond, 0)} | {ratio} | {F(r.CpuMicrosecondsPerStep, 0)} | {cpuRatio} | {F(r.CommitsPerStep, 3)} | {F(r.WritesPerStep, 3)} |");
        }

        var l = report.Latency;
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| latency (ms, N={l.Samples}, idle host) | p50 | p90 | p99 | max | mean |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        text.AppendLine(Row("submit -> first step running", l.FirstStep));
        text.AppendLine(Row("submit -> accepted (durable)", l.Accepted));

        text.AppendLine();
        text.AppendLine("| target | measured | met |");
        text.AppendLine("|---|---|---|");
        foreach (var t in report.Targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Target} | {t.Measured} | {(t.Met ? "yes" : "NO")} |");
        }

        return text.ToString();
    }

    /// <summary>The whole report on one line.</summary>
    public static string JsonLine(BenchReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>Formats a number with the invariant culture.</summary>
    public static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Row(string name, Percentiles p) =>
        $"| {name} | {F(p.P50, 2)} | {F(p.P90, 2)} | {F(p.P99, 2)} | {F(p.Max, 2)} | {F(p.Mean, 2)} |";
}
