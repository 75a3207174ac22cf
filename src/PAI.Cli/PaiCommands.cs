using System.CommandLine;
using System.CommandLine.Help;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Cli.Commands;
using Spectre.Console;

namespace PAI.Cli;

/// <summary>The <c>pai</c> command tree and the one place errors turn into an exit code and one line.</summary>
public static class PaiCommands
{
    private const int RedirectedWidth = 240;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Builds the root command.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("pai: talk to a PAI host (goals, approvals, tools, skills, agents, GPUs, audit, keys, memories, graph, notes)");
        root.Options.Add(GlobalOptions.Url);
        root.Options.Add(GlobalOptions.Key);
        root.Options.Add(GlobalOptions.Json);
        root.Options.Add(GlobalOptions.Output);
        root.Subcommands.Add(GoalsCommand.Build());
        root.Subcommands.Add(CatalogCommands.Tools());
        root.Subcommands.Add(SkillsCommand.Build());
        root.Subcommands.Add(CatalogCommands.Agents());
        root.Subcommands.Add(CatalogCommands.Gpus());
        root.Subcommands.Add(KeysCommand.Build());
        root.Subcommands.Add(QuotaCommand.Build());
        root.Subcommands.Add(SchedulesCommand.Build());
        root.Subcommands.Add(AuditCommand.Build());
        root.Subcommands.Add(MemoriesCommand.Build());
        root.Subcommands.Add(GraphCommand.Build());
        root.Subcommands.Add(NotesCommand.Build());
        root.Subcommands.Add(McpCommand.Build());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; a command line that does not parse is one line and exit 2.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        // Redirected output (scripts, tests) gets wide tables instead of 80 columns that wrap ids.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
        }

        var result = Build().Parse(args);
        if (result.Errors.Count > 0 && result.Action is not HelpAction)
        {
            // The most specific error first ("Unrecognized command or argument 'lst'" before "Required command...").
            var messages = result.Errors.Select(e => e.Message.ReplaceLineEndings(" ").TrimEnd('.'))
                .Distinct()
                .OrderBy(m => m.StartsWith("Required", StringComparison.Ordinal) ? 1 : 0);
            await Console.Error.WriteLineAsync($"pai: {string.Join("; ", messages)} (see 'pai --help')");
            return ExitCodes.Usage;
        }

        return await result.InvokeAsync();
    }

    /// <summary>Runs a command body; a failure prints <c>pai: message</c> on standard error and returns its exit code.</summary>
    public static async Task<int> RunAsync(ParseResult result, Func<PaiApiClient, Task> body)
    {
        try
        {
            using var client = GlobalOptions.Client(result);
            await body(client);
            return ExitCodes.Success;
        }
        catch (PaiCliException ex)
        {
            await Console.Error.WriteLineAsync($"pai: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>With <c>--json</c>, prints the answer as JSON and returns true.</summary>
    public static bool PrintJson(ParseResult result, JsonNode? node)
    {
        if (!GlobalOptions.WantsJson(result))
        {
            return false;
        }

        Console.WriteLine(node?.ToJsonString(Indented) ?? "null");
        return true;
    }
}
