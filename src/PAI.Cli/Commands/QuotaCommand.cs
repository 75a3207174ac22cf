using System.CommandLine;
using System.Text.Json.Nodes;

namespace PAI.Cli.Commands;

/// <summary><c>pai quota [--principal name]</c>: a principal's quotas and what it uses of them now.</summary>
public static class QuotaCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var principal = new Option<string?>("--principal") { Description = "another principal (admin and operator keys); your own when left out" };
        var command = new Command("quota", "Your quotas and use: running goals, steps per hour, model tokens per day") { principal };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var path = result.GetValue(principal) is { } name ? "/api/quota?principal=" + Uri.EscapeDataString(name) : "/api/quota";
            var quota = await client.GetAsync(path, ct);
            if (!PaiCommands.PrintJson(result, quota))
            {
                foreach (var line in Lines(quota))
                {
                    Console.WriteLine(line);
                }
            }
        }));
        return command;
    }

    /// <summary>The lines printed for <c>GET /api/quota</c>'s answer.</summary>
    public static IReadOnlyList<string> Lines(JsonNode quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var limits = quota["limits"];
        var usage = quota["usage"];
        var lines = new List<string>
        {
            $"principal {quota["principal"]}",
            $"running goals: {Of(usage?["runningGoals"], limits?["maxRunningGoals"])}",
            $"steps in the last hour: {Of(usage?["stepsLastHour"], limits?["maxStepsPerHour"])}",
            $"model tokens in the last 24 h: {Of(usage?["modelTokensLastDay"], limits?["maxModelTokensPerDay"])}",
        };
        if (quota["modelTokensFreeAt"] is JsonValue freeAt)
        {
            lines.Add($"  over the model token quota; budget frees at {freeAt}");
        }

        return lines;
    }

    private static string Of(JsonNode? used, JsonNode? limit) => $"{used?.ToString() ?? "0"} of {limit?.ToString() ?? "no limit"}";
}
