using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary><c>pai schedules create|list|show|pause|resume|delete|goals</c>.</summary>
public static class SchedulesCommand
{
    /// <summary>Builds the command tree.</summary>
    public static Command Build()
    {
        var schedules = new Command("schedules", "Recurring goals: a cron expression or an interval, and the goal to submit");
        schedules.Subcommands.Add(Create());
        schedules.Subcommands.Add(List());
        schedules.Subcommands.Add(Show());
        schedules.Subcommands.Add(Change("pause", "Stop firing until resumed", "pause"));
        schedules.Subcommands.Add(Change("resume", "Fire again from the next fire time", "resume"));
        schedules.Subcommands.Add(Delete());
        schedules.Subcommands.Add(Goals());
        return schedules;
    }

    private static Command Create()
    {
        var file = new Argument<string>("file") { Description = "schedule JSON file ({ name, cron | every, timeZone?, goal, overlap?, misfire? }), or - for standard input" };
        var key = new Option<string?>("--idempotency-key") { Description = "retry-safe creation key" };
        var command = new Command("create", "Create a schedule from a JSON file; prints its id and next fire times") { file, key };
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

            var created = await client.PostAsync("/api/schedules", json, result.GetValue(key), ct);
            if (!PaiCommands.PrintJson(result, created))
            {
                Console.WriteLine(created["id"]);
                foreach (var next in created["next"]!.AsArray())
                {
                    Console.Error.WriteLine($"  next {next}");
                }
            }
        }));
        return command;
    }

    private static Command List()
    {
        var limit = new Option<int>("--limit") { Description = "how many (1-500)", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "Schedules, oldest first") { limit };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var page = await client.GetAsync($"/api/schedules?limit={result.GetValue(limit)}", ct);
            if (PaiCommands.PrintJson(result, page))
            {
                return;
            }

            var table = new Table().AddColumns("id", "name", "owner", "when", "state", "next", "last goal");
            foreach (var s in page["items"]!.AsArray())
            {
                var when = s!["cron"] is { } cron ? $"{cron} ({s["timeZone"]})" : $"every {s["every"]}";
                table.AddRow(
                    Markup.Escape($"{s["id"]}"),
                    Markup.Escape($"{s["name"]}"),
                    Markup.Escape($"{s["owner"]}"),
                    Markup.Escape(when),
                    s["paused"]!.GetValue<bool>() ? "[grey]paused[/]" : "[green]active[/]",
                    Markup.Escape($"{s["next"]!.AsArray().FirstOrDefault()}"),
                    Markup.Escape($"{s["lastGoalId"] ?? "-"}"));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "schedule id" };
        var command = new Command("show", "A schedule, its next fire times and its recent fires") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var s = await client.GetAsync($"/api/schedules/{Uri.EscapeDataString(result.GetValue(id)!)}", ct);
            if (PaiCommands.PrintJson(result, s))
            {
                return;
            }

            var when = s["cron"] is { } cron ? $"{cron} ({s["timeZone"]})" : $"every {s["every"]}";
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape($"{s["name"]}")}[/]  {Markup.Escape($"{s["id"]}")}  {Markup.Escape(when)}  overlap {Markup.Escape($"{s["overlap"]}")}, misfire {Markup.Escape($"{s["misfire"]}")}{(s["paused"]!.GetValue<bool>() ? "  [grey]paused[/]" : "")}");
            AnsiConsole.MarkupLine($"next: {Markup.Escape(string.Join(", ", s["next"]!.AsArray().Select(n => $"{n}")))}");
            var table = new Table().AddColumns("fire time", "outcome", "goal", "detail");
            foreach (var f in s["recent"]!.AsArray())
            {
                table.AddRow(Markup.Escape($"{f!["fireTime"]}"), Markup.Escape($"{f["outcome"]}"), Markup.Escape($"{f["goalId"] ?? "-"}"), Markup.Escape($"{f["detail"] ?? ""}"));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Change(string name, string description, string action)
    {
        var id = new Argument<string>("id") { Description = "schedule id" };
        var command = new Command(name, description) { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var s = await client.PostAsync($"/api/schedules/{Uri.EscapeDataString(result.GetValue(id)!)}/{action}", null, null, ct);
            if (!PaiCommands.PrintJson(result, s))
            {
                Console.WriteLine($"{s["id"]} {(s["paused"]!.GetValue<bool>() ? "paused" : "active")}");
            }
        }));
        return command;
    }

    private static Command Delete()
    {
        var id = new Argument<string>("id") { Description = "schedule id" };
        var command = new Command("delete", "Delete a schedule (the goals it submitted stay)") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            await client.DeleteAsync($"/api/schedules/{Uri.EscapeDataString(result.GetValue(id)!)}", ct);
            if (!PaiCommands.PrintJson(result, new JsonObject { ["id"] = result.GetValue(id), ["deleted"] = true }))
            {
                Console.WriteLine($"deleted {result.GetValue(id)}");
            }
        }));
        return command;
    }

    private static Command Goals()
    {
        var id = new Argument<string>("id") { Description = "schedule id" };
        var limit = new Option<int>("--limit") { Description = "how many (1-500)", DefaultValueFactory = _ => 20 };
        var command = new Command("goals", "The goals a schedule fired, newest first") { id, limit };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var page = await client.GetAsync($"/api/goals?schedule={Uri.EscapeDataString(result.GetValue(id)!)}&limit={result.GetValue(limit)}", ct);
            if (PaiCommands.PrintJson(result, page))
            {
                return;
            }

            var table = new Table().AddColumns("id", "status", "created");
            foreach (var g in page["items"]!.AsArray())
            {
                table.AddRow(Markup.Escape($"{g!["id"]}"), Markup.Escape($"{g["status"]}"), Markup.Escape($"{g["createdAt"]}"));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }
}
