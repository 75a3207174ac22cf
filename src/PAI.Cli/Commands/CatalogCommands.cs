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
            var tools = (JsonArray)await client.GetAsync("/api/tools", ct);
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
            var skills = (JsonArray)await client.GetAsync("/api/skills", ct);
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
}
