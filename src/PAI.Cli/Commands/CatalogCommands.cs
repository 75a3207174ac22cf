using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary><c>pai tools</c> and <c>pai skills</c>.</summary>
public static class CatalogCommands
{
    /// <summary>The tools command.</summary>
    public static Command Tools()
    {
        var command = new Command("tools", "The tools a plan may call");
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var tools = (await client.GetAsync("/api/tools?limit=500", ct))["items"]!.AsArray();
            if (PaiCommands.PrintJson(result, tools))
            {
                return;
            }

            var table = new Table().AddColumns("tool", "permission", "description");
            foreach (var t in tools)
            {
                table.AddRow(Markup.Escape($"{t!["name"]}"), Markup.Escape($"{t["permission"]}"), Markup.Escape($"{t["description"]}"));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    /// <summary>The skills command.</summary>
    public static Command Skills()
    {
        var command = new Command("skills", "The skills a goal may name");
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var skills = (await client.GetAsync("/api/skills?limit=500", ct))["items"]!.AsArray();
            if (PaiCommands.PrintJson(result, skills))
            {
                return;
            }

            var table = new Table().AddColumns("skill", "version", "description");
            foreach (var s in skills)
            {
                table.AddRow(Markup.Escape($"{s!["name"]}"), Markup.Escape($"{s["version"]}"), Markup.Escape($"{s["description"]}"));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    /// <summary>The gpus command: who holds which device and who waits.</summary>
    public static Command Gpus()
    {
        var command = new Command("gpus", "GPU devices, their holders and queues");
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var gpus = (await client.GetAsync("/api/gpus?limit=500", ct))["items"]!.AsArray();
            if (PaiCommands.PrintJson(result, gpus))
            {
                return;
            }

            var table = new Table().AddColumns("device", "name", "busy", "holder", "token", "queue");
            foreach (var g in gpus)
            {
                var holder = g!["holder"];
                var queue = string.Join(", ", g["queue"]!.AsArray().Select(q => $"{q!["requester"]}×{q["queued"]}"));
                table.AddRow(
                    Markup.Escape($"{g["id"]}"),
                    Markup.Escape($"{g["name"]}"),
                    $"{g["busyFraction"]?.GetValue<double>() * 100:F0}%",
                    Markup.Escape(holder is null ? "-" : $"{holder["requester"]} ({holder["tier"]})"),
                    Markup.Escape($"{holder?["fencingToken"]}"),
                    Markup.Escape(queue.Length == 0 ? "-" : queue));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }
}
