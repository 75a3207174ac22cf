using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Cli.Commands;

namespace PAI.Cli;

/// <summary>The <c>pai</c> command tree and the one place errors turn into an exit code and one line.</summary>
public static class PaiCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Builds the root command.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("pai: talk to a PAI host (goals, tools, skills)");
        root.Options.Add(GlobalOptions.Url);
        root.Options.Add(GlobalOptions.Key);
        root.Options.Add(GlobalOptions.Json);
        root.Subcommands.Add(GoalsCommand.Build());
        root.Subcommands.Add(CatalogCommands.Tools());
        root.Subcommands.Add(CatalogCommands.Skills());
        root.Subcommands.Add(CatalogCommands.Gpus());
        root.Subcommands.Add(KeysCommand.Build());
        return root;
    }

    /// <summary>Runs a command body; a failure prints <c>pai: message</c> on standard error and returns its exit code.</summary>
    public static async Task<int> RunAsync(ParseResult result, Func<PaiApiClient, Task> body)
    {
        try
        {
            using var client = GlobalOptions.Client(result);
            await body(client);
            return 0;
        }
        catch (PaiCliException ex)
        {
            await Console.Error.WriteLineAsync($"pai: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }

    /// <summary>With <c>--json</c>, prints the answer as JSON and returns true.</summary>
    public static bool PrintJson(ParseResult result, JsonNode node)
    {
        if (!result.GetValue(GlobalOptions.Json))
        {
            return false;
        }

        Console.WriteLine(node.ToJsonString(Indented));
        return true;
    }
}
