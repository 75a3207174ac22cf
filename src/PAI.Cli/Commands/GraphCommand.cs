using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary><c>pai graph assert|show|fact|changes|path|forget</c>: the caller's temporal knowledge graph.</summary>
public static class GraphCommand
{
    /// <summary>Builds the command tree.</summary>
    public static Command Build()
    {
        var graph = new Command("graph", "Assert facts and query the knowledge graph (your own)");
        graph.Subcommands.Add(Assert());
        graph.Subcommands.Add(ShowEntity());
        graph.Subcommands.Add(ShowFact());
        graph.Subcommands.Add(Changes());
        graph.Subcommands.Add(PathBetween());
        graph.Subcommands.Add(Forget());
        return graph;
    }

    private static Command Assert()
    {
        var subject = new Argument<string>("subject") { Description = "the entity the fact is about" };
        var predicate = new Argument<string>("predicate") { Description = "the relation, e.g. works_on" };
        var obj = new Argument<string>("object") { Description = "an entity name, or a literal with --literal" };
        var literal = new Option<bool>("--literal") { Description = "the object is a value (text), not an entity" };
        var single = new Option<bool>("--single") { Description = "single-valued: closes the subject's current fact for this predicate" };
        var validFrom = new Option<DateTimeOffset?>("--valid-from") { Description = "when it started to hold (ISO 8601; default now)" };
        var validTo = new Option<DateTimeOffset?>("--valid-to") { Description = "when it stopped holding (ISO 8601)" };
        var command = new Command("assert", "Store one fact; prints its id and any conflict it closed") { subject, predicate, obj, literal, single, validFrom, validTo };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var fact = new JsonObject
            {
                ["subject"] = result.GetValue(subject),
                ["predicate"] = result.GetValue(predicate),
                ["object"] = result.GetValue(literal) ? new JsonObject { ["value"] = result.GetValue(obj) } : result.GetValue(obj),
                ["single"] = result.GetValue(single),
            };
            if (result.GetValue(validFrom) is { } from)
            {
                fact["validFrom"] = from;
            }

            if (result.GetValue(validTo) is { } to)
            {
                fact["validTo"] = to;
            }

            var answer = await client.PostAsync("/api/graph/facts", new JsonObject { ["facts"] = new JsonArray(fact) }.ToJsonString(), null, ct);
            if (PaiCommands.PrintJson(result, answer))
            {
                return;
            }

            Console.WriteLine(answer["ids"]![0]);
            foreach (var conflict in answer["conflicts"]?.AsArray() ?? [])
            {
                Console.Error.WriteLine($"closed: {conflict?.ToJsonString()}");
            }
        }));
        return command;
    }

    private static Command ShowEntity()
    {
        var name = new Argument<string>("name") { Description = "entity name or alias" };
        var depth = new Option<int>("--depth") { Description = "neighbours this many hops away (0-4)", DefaultValueFactory = _ => 1 };
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "the graph as PAI knew it then (ISO 8601)" };
        var command = new Command("show", "An entity, its neighbours and the facts among them") { name, depth, asOf };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var query = $"?depth={result.GetValue(depth)}{AsOf(result.GetValue(asOf))}";
            var found = await client.GetAsync($"/api/graph/entities/{Uri.EscapeDataString(result.GetValue(name)!)}{query}", ct);
            if (PaiCommands.PrintJson(result, found))
            {
                return;
            }

            var entity = found["entity"]!;
            AnsiConsole.MarkupLine($"[bold]{Show.Text(entity["name"])}[/] {Show.Text(entity["type"])}  {Show.Text(entity["id"])}");
            AnsiConsole.Write(Facts(found["facts"]!.AsArray()));
        }));
        return command;
    }

    private static Command ShowFact()
    {
        var id = new Argument<string>("id") { Description = "the fact's id (f_...)" };
        var command = new Command("fact", "A fact with its provenance: the episodes that stated it and what retired it") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var fact = await client.GetAsync($"/api/graph/facts/{Uri.EscapeDataString(result.GetValue(id)!)}", ct);
            if (PaiCommands.PrintJson(result, fact))
            {
                return;
            }

            AnsiConsole.Write(Facts(new JsonArray(fact.DeepClone())));
            if (fact["invalidatedBy"] is JsonObject by)
            {
                AnsiConsole.MarkupLine($"retired by {Show.Text(by["id"])}: {Show.Text(by["subject"])} {Show.Text(by["predicate"])} {Show.Json(by["object"])}");
            }

            var episodes = new Table().AddColumns("episode", "kind", "source", "occurred", "recorded");
            foreach (var episode in fact["episodes"]!.AsArray())
            {
                episodes.AddRow(Show.Text(episode!["id"]), Show.Text(episode["kind"]), Show.Text(episode["source"]), Show.Text(episode["occurredAt"]), Show.Text(episode["recordedAt"]));
            }

            AnsiConsole.Write(episodes);
        }));
        return command;
    }

    private static Command Changes()
    {
        var from = new Option<DateTimeOffset>("--from") { Description = "from this time (ISO 8601)", Required = true };
        var to = new Option<DateTimeOffset?>("--to") { Description = "until this time (default now)" };
        var command = new Command("changes", "Facts added or retired between two times") { from, to };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var path = $"/api/graph/changes?from={Iso(result.GetValue(from))}";
            if (result.GetValue(to) is { } until)
            {
                path += $"&to={Iso(until)}";
            }

            var items = await client.GetAllAsync(path, ct);
            if (PaiCommands.PrintJson(result, new JsonObject { ["items"] = items }))
            {
                return;
            }

            var table = new Table().AddColumns("at", "change", "subject", "predicate", "object");
            foreach (var change in items)
            {
                var fact = change!["fact"]!;
                table.AddRow(Show.Text(change["at"]), Show.Text(change["kind"]), Show.Text(fact["subject"]), Show.Text(fact["predicate"]), Show.Json(fact["object"]));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command PathBetween()
    {
        var from = new Argument<string>("from") { Description = "entity name" };
        var to = new Argument<string>("to") { Description = "entity name" };
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "the graph as PAI knew it then (ISO 8601)" };
        var command = new Command("path", "A shortest chain of facts between two entities") { from, to, asOf };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var path = await client.GetAsync(
                $"/api/graph/path?from={Uri.EscapeDataString(result.GetValue(from)!)}&to={Uri.EscapeDataString(result.GetValue(to)!)}{AsOf(result.GetValue(asOf))}", ct);
            if (!PaiCommands.PrintJson(result, path))
            {
                AnsiConsole.Write(Facts(new JsonArray([.. path["steps"]!.AsArray().Select(s => s!["fact"]!.DeepClone())])));
            }
        }));
        return command;
    }

    private static Command Forget()
    {
        var name = new Argument<string>("name") { Description = "entity name" };
        var command = new Command("forget", "Delete an entity, its facts and the entities only they referred to") { name };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            await client.DeleteAsync($"/api/graph/entities/{Uri.EscapeDataString(result.GetValue(name)!)}", ct);
            if (!PaiCommands.PrintJson(result, new JsonObject { ["entity"] = result.GetValue(name), ["forgotten"] = true }))
            {
                Console.WriteLine($"forgot {result.GetValue(name)}");
            }
        }));
        return command;
    }

    private static Table Facts(JsonArray facts)
    {
        var table = new Table().AddColumns("subject", "predicate", "object", "valid from", "valid to", "retired");
        foreach (var fact in facts)
        {
            table.AddRow(Show.Text(fact!["subject"]), Show.Text(fact["predicate"]), Show.Json(fact["object"]), Show.Text(fact["validFrom"]), Show.Text(fact["validTo"]), Show.Text(fact["invalidatedAt"]));
        }

        return table;
    }

    private static string AsOf(DateTimeOffset? asOf) => asOf is { } at ? $"&asOf={Iso(at)}" : "";

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture));
}
