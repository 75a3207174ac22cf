using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary><c>pai audit list|verify</c>: the hash-chained audit log.</summary>
public static class AuditCommand
{
    /// <summary>Builds the command tree.</summary>
    public static Command Build()
    {
        var audit = new Command("audit", "Read and verify the audit log");
        audit.Subcommands.Add(List());
        audit.Subcommands.Add(Verify());
        return audit;
    }

    private static Command List()
    {
        var principal = new Option<string?>("--principal") { Description = "only this principal's entries (admins only, for another principal)" };
        var goal = new Option<string?>("--goal") { Description = "only this goal's entries" };
        var kind = new Option<string?>("--kind") { Description = "only entries of this kind, e.g. step.approved" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "only entries at or after this time (ISO 8601)" };
        var limit = new Option<int>("--limit") { Description = "how many (1-500)", DefaultValueFactory = _ => 50 };
        var cursor = new Option<string?>("--cursor") { Description = "continue after a previous page (its 'next page' cursor)" };
        var command = new Command("list", "Audit entries, oldest first, one page") { principal, goal, kind, since, limit, cursor };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var query = new List<string> { $"limit={result.GetValue(limit)}" };
            Add(query, "principal", result.GetValue(principal));
            Add(query, "goal", result.GetValue(goal));
            Add(query, "kind", result.GetValue(kind));
            Add(query, "since", result.GetValue(since)?.ToString("O"));
            Add(query, "cursor", result.GetValue(cursor));
            var page = await client.GetAsync("/api/audit?" + string.Join('&', query), ct);
            if (PaiCommands.PrintJson(result, page))
            {
                return;
            }

            var table = new Table().AddColumns("seq", "at", "kind", "principal", "goal", "step", "tool", "outcome");
            foreach (var e in page["items"]!.AsArray())
            {
                table.AddRow(
                    $"{e!["sequence"]}", Show.Text(e["at"]), Show.Text(e["kind"]), Show.Text(e["principal"]),
                    Show.Text(e["goalId"]), Show.Text(e["stepId"]), Show.Text(e["tool"]), Show.Text(e["outcome"]));
            }

            AnsiConsole.Write(table);
            if (page["nextCursor"] is JsonValue next)
            {
                Console.WriteLine($"next page: --cursor {next.GetValue<string>()}");
            }
        }));
        return command;
    }

    private static Command Verify()
    {
        var command = new Command("verify", "Recompute the whole hash chain (admin keys); exit 1 when it does not check out");
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var verdict = await client.GetAsync("/api/audit/verify", ct);
            if (!verdict["valid"]!.GetValue<bool>())
            {
                PaiCommands.PrintJson(result, verdict);
                throw new PaiCliException($"the audit log does not check out at entry {verdict["firstBadSequence"]}: {verdict["problem"]}");
            }

            if (!PaiCommands.PrintJson(result, verdict))
            {
                Console.WriteLine($"audit log intact: {verdict["checked"]} entries checked");
            }
        }));
        return command;
    }

    private static void Add(List<string> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
