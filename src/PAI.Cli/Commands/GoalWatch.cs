using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary>
/// <c>pai goals watch</c>: reads the goal's event feed, and when the connection drops, reconnects with
/// <c>Last-Event-ID</c> so the feed resumes after the last event shown (docs/api.md, "Events"). On a terminal it keeps
/// a live table of the steps; otherwise (and with <c>--json</c>) it prints one line per event.
/// </summary>
public static class GoalWatch
{
    private const int MaxReconnects = 20;

    /// <summary>Watches until the goal finishes (or the reconnects run out).</summary>
    public static async Task RunAsync(PaiApiClient client, string goalPath, long? after, bool json, CancellationToken cancellationToken)
    {
        var last = after?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var steps = new Dictionary<string, string>(StringComparer.Ordinal);
        var live = !json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await foreach (var (name, id, data) in client.StreamAsync($"{goalPath}/events", last, cancellationToken))
                {
                    last = id ?? last;
                    if (json)
                    {
                        Console.WriteLine(data);
                        continue;
                    }

                    var e = JsonNode.Parse(data)!;
                    Track(steps, name, e);
                    AnsiConsole.MarkupLine(Line(name, e, live ? steps : null));
                }

                return;
            }
            catch (PaiCliException ex) when (ex.ExitCode == ExitCodes.Unreachable && attempt < MaxReconnects && last is not null)
            {
                await Console.Error.WriteLineAsync($"pai: {ex.Message}; resuming after event {last}");
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, 1 << Math.Min(attempt, 3))), cancellationToken);
            }
        }
    }

    private static void Track(Dictionary<string, string> steps, string name, JsonNode e)
    {
        if (name == "snapshot")
        {
            foreach (var s in e["steps"]!.AsArray())
            {
                steps[$"{s!["id"]}"] = $"{s["status"]}";
            }
        }
        else if (name == "step")
        {
            steps[$"{e["stepId"]}"] = $"{e["status"]}";
        }
    }

    private static string Line(string name, JsonNode e, Dictionary<string, string>? steps)
    {
        var progress = steps is { Count: > 0 } ? $"  [grey]({steps.Values.Count(v => v is "Succeeded" or "Skipped")}/{steps.Count} steps done)[/]" : "";
        return name == "snapshot"
            ? $"snapshot  {Show.Status($"{e["status"]}")}  {e["steps"]!.AsArray().Count} steps{progress}"
            : $"{Show.Text(e["at"])}  {Show.Text(name)} {Show.Text(e["stepId"])}  {Show.Status($"{e["status"]}")}  {Show.Text(e["detail"])}{progress}";
    }
}
