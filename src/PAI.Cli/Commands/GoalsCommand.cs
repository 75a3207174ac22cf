using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary><c>pai goals list|counts|show|submit|cancel|watch|approve|reject</c>.</summary>
public static class GoalsCommand
{
    /// <summary>Builds the command tree.</summary>
    public static Command Build()
    {
        var goals = new Command("goals", "Submit, inspect, watch, approve and cancel goals");
        goals.Subcommands.Add(List());
        goals.Subcommands.Add(Counts());
        goals.Subcommands.Add(ShowGoal());
        goals.Subcommands.Add(Submit());
        goals.Subcommands.Add(Cancel());
        goals.Subcommands.Add(Watch());
        goals.Subcommands.Add(Decide("approve", "Approve a step that waits for a person", approve: true));
        goals.Subcommands.Add(Decide("reject", "Reject a step that waits for a person (the step fails)", approve: false));
        return goals;
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "only goals with this status (Running, Succeeded, ...)" };
        var limit = new Option<int>("--limit") { Description = "how many (1-500)", DefaultValueFactory = _ => 20 };
        var cursor = new Option<string?>("--cursor") { Description = "continue after a previous page (its 'next page' cursor)" };
        var command = new Command("list", "Newest goals first, one page") { status, limit, cursor };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var query = $"/api/goals?limit={result.GetValue(limit)}"
                + (result.GetValue(status) is { } s ? $"&status={Uri.EscapeDataString(s)}" : "")
                + (result.GetValue(cursor) is { } c ? $"&cursor={Uri.EscapeDataString(c)}" : "");
            var page = await client.GetAsync(query, ct);
            if (PaiCommands.PrintJson(result, page))
            {
                return;
            }

            var table = new Table().AddColumns("id", "status", "title", "steps", "updated");
            foreach (var g in page["items"]!.AsArray())
            {
                table.AddRow(Show.Text(g!["id"]), Show.Status($"{g["status"]}"), Show.Text(g["title"]), $"{g["stepCount"]}", Show.Text(g["updatedAt"]));
            }

            AnsiConsole.Write(table);
            if (page["nextCursor"] is JsonValue next)
            {
                Console.WriteLine($"next page: --cursor {next.GetValue<string>()}");
            }
        }));
        return command;
    }

    private static Command Counts()
    {
        var command = new Command("counts", "How many goals there are, per status");
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var counts = await client.GetAsync("/api/goals/counts", ct);
            if (PaiCommands.PrintJson(result, counts))
            {
                return;
            }

            var table = new Table().AddColumns("status", "goals");
            foreach (var (name, count) in counts["byStatus"]!.AsObject())
            {
                table.AddRow(Show.Status(name), $"{count}");
            }

            table.AddRow("[bold]total[/]", $"{counts["total"]}");
            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command ShowGoal()
    {
        var id = new Argument<string>("id") { Description = "goal id" };
        var command = new Command("show", "A goal, its steps and their outputs") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var goal = await client.GetAsync(GoalPath(result.GetValue(id)!), ct);
            if (PaiCommands.PrintJson(result, goal))
            {
                return;
            }

            AnsiConsole.MarkupLine($"[bold]{Show.Text(goal["title"])}[/]  {Show.Text(goal["id"])}  {Show.Status($"{goal["status"]}")}");
            if (goal["error"] is { } error)
            {
                AnsiConsole.MarkupLine($"[red]{Show.Text(error)}[/]");
            }

            var table = new Table().AddColumns("step", "tool/skill/task", "status", "attempts", "output / error");
            foreach (var s in goal["steps"]!.AsArray())
            {
                var outcome = s!["error"] is { } stepError ? $"[red]{Show.Text(stepError)}[/]" : Show.Json(s["output"]);
                var runs = s["tool"]?.ToString() ?? s["skill"]?.ToString() ?? (s["task"] is null ? "" : $"task ({s["agent"]?.ToString() ?? "default"})");
                table.AddRow(Show.Text(s["id"]), Show.Text(runs), Show.Status($"{s["status"]}"), $"{s["attempts"]}", outcome);
            }

            AnsiConsole.Write(table);
            if (goal["result"] is { } goalResult)
            {
                AnsiConsole.MarkupLine($"result: {Show.Json(goalResult)}");
            }

            foreach (var line in ModelUsageText.Lines(goal))
            {
                AnsiConsole.MarkupLine(Markup.Escape(line));
            }
        }));
        return command;
    }

    private static Command Submit()
    {
        var file = new Argument<string?>("file") { Description = "goal JSON file (the body of POST /api/goals), or - for standard input; or use the options", Arity = ArgumentArity.ZeroOrOne };
        var title = new Option<string?>("--title") { Description = "the goal's title (without a file)" };
        var text = new Option<string?>("--text") { Description = "what you want, in words: a free-form goal the planner turns into steps" };
        var skill = new Option<string?>("--skill") { Description = "run this skill (its inputs with --input)" };
        var inputs = new Option<string[]>("--input") { Description = "an input as name=value (value parsed as JSON when it is JSON); repeatable" };
        var plan = new Option<string?>("--plan") { Description = "a JSON file with the plan ({ \"steps\": [...] })" };
        var key = new Option<string?>("--idempotency-key") { Description = "retry-safe submission key: the same key and body give the same goal" };
        var command = new Command("submit", "Submit a goal (a JSON file, or --title/--text with --skill, --input, --plan); prints its id") { file, title, text, skill, inputs, plan, key };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var path = result.GetValue(file);
            var json = path is null
                ? GoalBody.Build(result.GetValue(title), result.GetValue(text), result.GetValue(skill), result.GetValue(inputs) ?? [], result.GetValue(plan) is { } p ? await ReadAsync(p, ct) : null)
                : await ReadAsync(path, ct);
            var accepted = await client.PostAsync("/api/goals", json, result.GetValue(key), ct);
            if (!PaiCommands.PrintJson(result, accepted))
            {
                Console.WriteLine(accepted["id"]);
            }
        }));
        return command;
    }

    private static async Task<string> ReadAsync(string path, CancellationToken ct)
    {
        try
        {
            return path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PaiCliException($"cannot read {path}: {ex.Message}", ExitCodes.Usage);
        }
    }

    private static Command Cancel()
    {
        var id = new Argument<string>("id") { Description = "goal id" };
        var command = new Command("cancel", "Cancel a goal and its running steps") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var answer = await client.PostAsync($"{GoalPath(result.GetValue(id)!)}/cancel", null, null, ct);
            if (!PaiCommands.PrintJson(result, answer))
            {
                AnsiConsole.MarkupLine($"{Show.Text(answer["id"])} {Show.Status($"{answer["status"]}")}");
            }
        }));
        return command;
    }

    private static Command Decide(string name, string description, bool approve)
    {
        var id = new Argument<string>("id") { Description = "goal id" };
        var step = new Argument<string>("step") { Description = "step id" };
        var command = new Command(name, description) { id, step };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var path = $"{GoalPath(result.GetValue(id)!)}/steps/{Uri.EscapeDataString(result.GetValue(step)!)}/{(approve ? "approve" : "reject")}";
            var answer = await client.PostAsync(path, null, null, ct);
            if (!PaiCommands.PrintJson(result, answer))
            {
                AnsiConsole.MarkupLine($"{Show.Text(answer["id"])} {Show.Text(answer["stepId"])} {Show.Text(answer["decision"])}");
            }
        }));
        return command;
    }

    private static Command Watch()
    {
        var id = new Argument<string>("id") { Description = "goal id" };
        var after = new Option<long?>("--after") { Description = "resume after this event id (as a reconnect does)" };
        var command = new Command("watch", "Follow a goal until it finishes; reconnects by itself, without losing or repeating an event") { id, after };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, client =>
            GoalWatch.RunAsync(client, GoalPath(result.GetValue(id)!), result.GetValue(after), GlobalOptions.WantsJson(result), ct)));
        return command;
    }

    private static string GoalPath(string id) => $"/api/goals/{Uri.EscapeDataString(id)}";
}
