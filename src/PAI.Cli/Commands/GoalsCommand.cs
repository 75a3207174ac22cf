using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary><c>pai goals list|show|submit|cancel|watch</c>.</summary>
public static class GoalsCommand
{
    /// <summary>Builds the command tree.</summary>
    public static Command Build()
    {
        var goals = new Command("goals", "Submit, inspect, watch and cancel goals");
        goals.Subcommands.Add(List());
        goals.Subcommands.Add(Show());
        goals.Subcommands.Add(Submit());
        goals.Subcommands.Add(Cancel());
        goals.Subcommands.Add(Watch());
        return goals;
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "only goals with this status" };
        var limit = new Option<int>("--limit") { Description = "how many (1-1000)", DefaultValueFactory = _ => 20 };
        var command = new Command("list", "Newest goals first") { status, limit };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var query = $"/api/goals?limit={result.GetValue(limit)}" + (result.GetValue(status) is { } s ? $"&status={Uri.EscapeDataString(s)}" : "");
            var list = (await client.GetAsync(query, ct))["items"]!.AsArray();
            if (PaiCommands.PrintJson(result, list))
            {
                return;
            }

            var table = new Table().AddColumns("id", "status", "title", "steps", "updated");
            foreach (var g in list)
            {
                table.AddRow(Markup.Escape($"{g!["id"]}"), StatusMarkup($"{g["status"]}"), Markup.Escape($"{g["title"]}"), $"{g["stepCount"]}", Markup.Escape($"{g["updatedAt"]}"));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "goal id" };
        var command = new Command("show", "A goal and its steps") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var goal = await client.GetAsync($"/api/goals/{Uri.EscapeDataString(result.GetValue(id)!)}", ct);
            if (PaiCommands.PrintJson(result, goal))
            {
                return;
            }

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape($"{goal["title"]}")}[/]  {Markup.Escape($"{goal["id"]}")}  {StatusMarkup($"{goal["status"]}")}");
            if (goal["error"] is { } error)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(error.ToString())}[/]");
            }

            var table = new Table().AddColumns("step", "tool", "status", "attempts", "error");
            foreach (var s in goal["steps"]!.AsArray())
            {
                table.AddRow(Markup.Escape($"{s!["id"]}"), Markup.Escape($"{s["tool"]}"), StatusMarkup($"{s["status"]}"), $"{s["attempts"]}", Markup.Escape($"{s["error"]}"));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Submit()
    {
        var file = new Argument<string>("file") { Description = "goal JSON file, or - for standard input" };
        var key = new Option<string?>("--idempotency-key") { Description = "retry-safe submission key" };
        var command = new Command("submit", "Submit a goal from a JSON file") { file, key };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var path = result.GetValue(file)!;
            string json;
            try
            {
                json = path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
            }
            catch (IOException ex)
            {
                throw new PaiCliException($"cannot read {path}: {ex.Message}");
            }

            var accepted = await client.PostAsync("/api/goals", json, result.GetValue(key), ct);
            if (!PaiCommands.PrintJson(result, accepted))
            {
                Console.WriteLine(accepted["id"]);
            }
        }));
        return command;
    }

    private static Command Cancel()
    {
        var id = new Argument<string>("id") { Description = "goal id" };
        var command = new Command("cancel", "Cancel a goal and its running steps") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var answer = await client.PostAsync($"/api/goals/{Uri.EscapeDataString(result.GetValue(id)!)}/cancel", null, null, ct);
            if (!PaiCommands.PrintJson(result, answer))
            {
                AnsiConsole.MarkupLine($"{Markup.Escape($"{answer["id"]}")} {StatusMarkup("Cancelled")}");
            }
        }));
        return command;
    }

    private static Command Watch()
    {
        var id = new Argument<string>("id") { Description = "goal id" };
        var command = new Command("watch", "Follow a goal's transitions until it finishes") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            await foreach (var (name, data) in client.StreamAsync($"/api/goals/{Uri.EscapeDataString(result.GetValue(id)!)}/events", ct))
            {
                if (result.GetValue(GlobalOptions.Json))
                {
                    Console.WriteLine(data);
                    continue;
                }

                var e = JsonNode.Parse(data)!;
                var line = name == "snapshot"
                    ? $"snapshot  {StatusMarkup($"{e["status"]}")}  {e["steps"]!.AsArray().Count} steps"
                    : $"{Markup.Escape($"{e["at"]}")}  {Markup.Escape(name)} {Markup.Escape($"{e["stepId"]}")}  {StatusMarkup($"{e["status"]}")}  {Markup.Escape($"{e["detail"]}")}";
                AnsiConsole.MarkupLine(line);
            }
        }));
        return command;
    }

    private static string StatusMarkup(string status) => status switch
    {
        "Succeeded" => "[green]Succeeded[/]",
        "Failed" => "[red]Failed[/]",
        "Cancelled" or "Skipped" => $"[grey]{status}[/]",
        "Running" => "[blue]Running[/]",
        _ => $"[yellow]{Markup.Escape(status)}[/]",
    };
}
