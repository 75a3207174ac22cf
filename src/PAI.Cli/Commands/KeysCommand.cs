using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary><c>pai keys create|list|revoke|rotate</c> (admin keys only).</summary>
public static class KeysCommand
{
    /// <summary>Builds the command tree.</summary>
    public static Command Build()
    {
        var keys = new Command("keys", "API keys: create one for a principal, list, revoke, rotate (admin keys only)");
        keys.Subcommands.Add(Create());
        keys.Subcommands.Add(List());
        keys.Subcommands.Add(Revoke());
        keys.Subcommands.Add(Rotate());
        return keys;
    }

    private static Command Create()
    {
        var principal = new Argument<string>("principal") { Description = "who the key acts for (owner of what it creates)" };
        var role = new Option<string>("--role") { Description = "admin, operator, user or read-only", DefaultValueFactory = _ => "user" };
        var scopes = new Option<string[]>("--scope") { Description = "restrict to a tool or skill: tool:<name> or skill:<name> (repeatable)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("create", "Create a key; its secret is printed once") { principal, role, scopes };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var body = new JsonObject { ["principal"] = result.GetValue(principal), ["role"] = result.GetValue(role) };
            if (result.GetValue(scopes) is { Length: > 0 } list)
            {
                body["scopes"] = new JsonArray(list.Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
            }

            PrintCreated(result, await client.PostAsync("/api/keys", body.ToJsonString(), null, ct));
        }));
        return command;
    }

    private static Command List()
    {
        var limit = new Option<int>("--limit") { Description = "how many (1-500)", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "Keys, oldest first (never their secrets)") { limit };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var page = await client.GetAsync($"/api/keys?limit={result.GetValue(limit)}", ct);
            if (PaiCommands.PrintJson(result, page))
            {
                return;
            }

            var table = new Table().AddColumns("id", "prefix", "principal", "role", "scopes", "created", "last used", "revoked");
            foreach (var k in page["items"]!.AsArray())
            {
                var scopes = k!["scopes"] is JsonArray s ? string.Join(' ', s.Select(x => x!.GetValue<string>())) : "-";
                table.AddRow(
                    Markup.Escape($"{k["id"]}"),
                    Markup.Escape($"{k["prefix"] ?? "-"}"),
                    Markup.Escape($"{k["principal"]}"),
                    Markup.Escape($"{k["role"]}"),
                    Markup.Escape(scopes),
                    Markup.Escape($"{k["createdAt"]}"),
                    Markup.Escape($"{k["lastUsedAt"] ?? "-"}"),
                    k["revokedAt"] is { } revoked ? $"[grey]{Markup.Escape(revoked.ToString())}[/]" : "-");
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "key id (from 'pai keys list')" };
        var command = new Command("revoke", "Revoke a key; every silo refuses it from the next request") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            await client.DeleteAsync($"/api/keys/{Uri.EscapeDataString(result.GetValue(id)!)}", ct);
            if (!PaiCommands.PrintJson(result, new JsonObject { ["id"] = result.GetValue(id), ["revoked"] = true }))
            {
                Console.WriteLine($"revoked {result.GetValue(id)}");
            }
        }));
        return command;
    }

    private static Command Rotate()
    {
        var id = new Argument<string>("id") { Description = "key id (from 'pai keys list')" };
        var command = new Command("rotate", "Replace a key's secret (same principal, role and scopes); the old secret stops working at once") { id };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
            PrintCreated(result, await client.PostAsync($"/api/keys/{Uri.EscapeDataString(result.GetValue(id)!)}/rotate", null, null, ct))));
        return command;
    }

    /// <summary>The new key's id, then its secret on a line of its own (so that scripts can take the last line).</summary>
    private static void PrintCreated(ParseResult result, JsonNode created)
    {
        if (PaiCommands.PrintJson(result, created))
        {
            return;
        }

        Console.Error.WriteLine($"key {created["id"]} for {created["principal"]} ({created["role"]}); the secret below is shown once, store it now:");
        Console.WriteLine(created["key"]);
    }
}
