using System.CommandLine;

namespace PAI.Cli.Commands;

/// <summary><c>pai mcp</c>: PAI's MCP tools over stdio, for MCP clients that launch a command.</summary>
public static class McpCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var command = new Command(
            "mcp",
            "Serve PAI's MCP tools on stdin/stdout (for an MCP client that launches a command, e.g. Claude Desktop), bridged to the host's /mcp with the API key");
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var endpoint = new Uri(client.BaseAddress, "/mcp");
            await Console.Error.WriteLineAsync($"pai mcp: serving stdio, bridged to {endpoint}");
            var bridge = new McpStdioBridge(endpoint, GlobalOptions.KeyOf(result)!, Console.Error);
            await using var input = Console.OpenStandardInput();
            await using var output = Console.OpenStandardOutput();
            await bridge.RunAsync(input, output, ct);
        }));
        return command;
    }
}
