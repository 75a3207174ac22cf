using System.Globalization;
using System.Text.Json.Nodes;

namespace PAI.Bench.Host;

/// <summary>
/// Compares two runs' JSON lines (a file holding one, or the output of a run, whose last JSON line is read): one row
/// per figure with both values and the ratio, flagged where the second run is more than 10 % worse.
/// </summary>
public static class ReportComparison
{
    /// <summary>Prints the comparison; the number of figures more than 10 % worse.</summary>
    public static int Print(string before, string after)
    {
        var a = Read(before);
        var b = Read(after);
        var worse = 0;
        Console.WriteLine($"| figure | {Path.GetFileName(before)} | {Path.GetFileName(after)} | after / before | |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        foreach (var (name, (value, unit, higherIsBetter)) in a)
        {
            if (!b.TryGetValue(name, out var other))
            {
                continue;
            }

            var ratio = other.Value / value;
            var regressed = higherIsBetter ? ratio < 0.9 : ratio > 1.1;
            worse += regressed ? 1 : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {value:G4} {unit} | {other.Value:G4} {unit} | {ratio:F2} | {(regressed ? "WORSE" : "")} |"));
        }

        return worse;
    }

    private static Dictionary<string, (double Value, string Unit, bool HigherIsBetter)> Read(string path)
    {
        var line = File.ReadLines(path).LastOrDefault(l => l.StartsWith("{\"harness\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{path}: no result line");
        return JsonNode.Parse(line)!["measurements"]!.AsArray().ToDictionary(
            m => m!["name"]!.GetValue<string>(),
            m => (m!["value"]!.GetValue<double>(), m["unit"]!.GetValue<string>(), m["higherIsBetter"]!.GetValue<bool>()),
            StringComparer.Ordinal);
    }
}
