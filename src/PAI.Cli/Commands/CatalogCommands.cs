using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary><c>pai tools</c>, <c>pai skills</c>, <c>pai agents</c> and <c>pai gpus</c>: every page of each list.</summary>
public static class CatalogCommands
{
    /// <summary>The tools command.</summary>
    public static Command Tools() => ListCommand("tools", "The tools a plan may call", "/api/tools", ["tool", "permission", "approval", "description"], t =>
        [Show.Text(t["name"]), Show.Text(t["permission"]), t["approval"]!.GetValue<bool>() ? "[yellow]yes[/]" : "no", Show.Text(t["description"])]);

    /// <summary>The skills command; with <c>--errors</c>, the skill files that did not load and why.</summary>
    public static Command Skills()
    {
        var errors = new Option<bool>("--errors") { Description = "list the skill files that did not load, and why, instead" };
        var command = new Command("skills", "The skills a goal may name") { errors };
        command.SetAction(async (result, ct) => result.GetValue(errors)
            ? await PaiCommands.RunAsync(result, async client =>
            {
                var items = await client.GetAllAsync("/api/skills/errors", ct);
                if (!PaiCommands.PrintJson(result, items))
                {
                    foreach (var e in items)
                    {
                        Console.WriteLine(e!["message"]);
                    }
                }
            })
            : await ListAsync(result, "/api/skills", ["skill", "version", "phases", "description"], s =>
                [Show.Text(s["name"]), Show.Text(s["version"]), $"{s["phases"]!.AsArray().Count}", Show.Text(s["description"])], ct));
        return command;
    }

    /// <summary>The agents command.</summary>
    public static Command Agents() => ListCommand("agents", "The agents steps may run as", "/api/agents", ["agent", "model", "tools", "concurrency"], a =>
        [Show.Text(a["name"]), Show.Text(a["model"] ?? "(default)"), Show.Text(string.Join(", ", a["tools"]!.AsArray().Select(t => $"{t}"))), $"{a["concurrency"]}"]);

    /// <summary>The gpus command: who holds which device and who waits.</summary>
    public static Command Gpus() => ListCommand("gpus", "GPU devices, their holders and queues", "/api/gpus", ["device", "name", "busy", "holder", "token", "queue"], g =>
    {
        var holder = g["holder"];
        var queue = string.Join(", ", g["queue"]!.AsArray().Select(q => $"{q!["requester"]}×{q["queued"]}"));
        return
        [
            Show.Text(g["id"]),
            Show.Text(g["name"]),
            $"{g["busyFraction"]!.GetValue<double>() * 100:F0}%",
            Show.Text(holder is null ? "-" : $"{holder["requester"]} ({holder["tier"]})"),
            Show.Text(holder?["fencingToken"]),
            Show.Text(queue.Length == 0 ? "-" : queue),
        ];
    });

    private static Command ListCommand(string name, string description, string path, string[] columns, Func<JsonNode, string[]> row)
    {
        var command = new Command(name, description);
        command.SetAction((result, ct) => ListAsync(result, path, columns, row, ct));
        return command;
    }

    private static Task<int> ListAsync(ParseResult result, string path, string[] columns, Func<JsonNode, string[]> row, CancellationToken ct) =>
        PaiCommands.RunAsync(result, async client =>
        {
            var items = await client.GetAllAsync(path, ct);
            if (PaiCommands.PrintJson(result, items))
            {
                return;
            }

            var table = new Table().AddColumns(columns);
            foreach (var item in items)
            {
                table.AddRow(row(item!));
            }

            AnsiConsole.Write(table);
        });
}
