using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary><c>pai memories remember|search|show|forget</c>: the caller's long-term memory.</summary>
public static class MemoriesCommand
{
    /// <summary>Builds the command tree.</summary>
    public static Command Build()
    {
        var memories = new Command("memories", "Remember, search, show and forget memories (your own)");
        memories.Subcommands.Add(Remember());
        memories.Subcommands.Add(Search());
        memories.Subcommands.Add(ShowMemory());
        memories.Subcommands.Add(Forget());
        return memories;
    }

    private static Command Remember()
    {
        var text = new Argument<string>("text") { Description = "what to remember (1-8,000 characters)" };
        var (agent, goal, project) = ScopeOptions();
        var command = new Command("remember", "Store a memory; prints its id") { text, agent, goal, project };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var item = new JsonObject { ["text"] = result.GetValue(text) };
            if (Scope(result, agent, goal, project) is { } scope)
            {
                item["scope"] = scope;
            }

            var answer = await client.PostAsync("/api/memories", new JsonObject { ["items"] = new JsonArray(item) }.ToJsonString(), null, ct);
            if (!PaiCommands.PrintJson(result, answer))
            {
                Console.WriteLine(answer["ids"]![0]);
            }
        }));
        return command;
    }

    private static Command Search()
    {
        var query = new Argument<string>("query") { Description = "what to look for" };
        var k = new Option<int>("--k") { Description = "how many results (1-100)", DefaultValueFactory = _ => 10 };
        var mode = new Option<string?>("--mode") { Description = "hybrid (default), vector or keyword" };
        var (agent, goal, project) = ScopeOptions();
        var command = new Command("search", "The memories nearest a query, best first") { query, k, mode, agent, goal, project };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var body = new JsonObject { ["query"] = result.GetValue(query), ["k"] = result.GetValue(k) };
            if (result.GetValue(mode) is { } m)
            {
                body["mode"] = m;
            }

            if (Scope(result, agent, goal, project) is { } scope)
            {
                body["scope"] = scope;
            }

            var answer = await client.PostAsync("/api/memories/search", body.ToJsonString(), null, ct);
            if (PaiCommands.PrintJson(result, answer))
            {
                return;
            }

            var table = new Table().AddColumns("id", "score", "text", "occurred");
            foreach (var hit in answer["items"]!.AsArray())
            {
                table.AddRow(Show.Text(hit!["id"]), $"{hit["score"]}", Show.Text(hit["text"]), Show.Text(hit["occurredAt"]));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command ShowMemory()
    {
        var id = new Argument<string>("id") { Description = "memory id" };
        var command = new Command("show", "One memory") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var memory = await client.GetAsync($"/api/memories/{Uri.EscapeDataString(result.GetValue(id)!)}", ct);
            if (!PaiCommands.PrintJson(result, memory))
            {
                AnsiConsole.MarkupLine($"{Show.Text(memory["id"])}  {Show.Text(memory["occurredAt"])}");
                Console.WriteLine(memory["text"]);
            }
        }));
        return command;
    }

    private static Command Forget()
    {
        var id = new Argument<string>("id") { Description = "memory id" };
        var command = new Command("forget", "Delete one memory") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            await client.DeleteAsync($"/api/memories/{Uri.EscapeDataString(result.GetValue(id)!)}", ct);
            if (!PaiCommands.PrintJson(result, new JsonObject { ["id"] = result.GetValue(id), ["forgotten"] = true }))
            {
                Console.WriteLine($"forgot {result.GetValue(id)}");
            }
        }));
        return command;
    }

    private static (Option<string?> Agent, Option<string?> Goal, Option<string?> Project) ScopeOptions() =>
        (new Option<string?>("--agent") { Description = "scope: the agent" },
         new Option<string?>("--goal") { Description = "scope: the goal" },
         new Option<string?>("--project") { Description = "scope: the project" });

    private static JsonObject? Scope(ParseResult result, Option<string?> agent, Option<string?> goal, Option<string?> project)
    {
        var scope = new JsonObject();
        foreach (var (name, option) in new[] { ("agent", agent), ("goal", goal), ("project", project) })
        {
            if (result.GetValue(option) is { } value)
            {
                scope[name] = value;
            }
        }

        return scope.Count == 0 ? null : scope;
    }
}
