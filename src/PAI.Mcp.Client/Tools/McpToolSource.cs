using System.Diagnostics.CodeAnalysis;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;
using PAI.Mcp.Client.Servers;

namespace PAI.Mcp.Client.Tools;

/// <summary>
/// The tools of the connected MCP servers, for the registry, as they are now: a server that reconnects or changes its
/// list changes them. A tool of a declared server that is not connected at the moment is still found by name (as a
/// stand-in that waits for the server within the call's timeout), so a plan naming it is accepted and a step resumed
/// after a restart does not fail only because its server is still starting; <see cref="Tools"/> lists only what the
/// servers listed.
/// </summary>
public sealed class McpToolSource(McpServerConnections connections) : IDynamicToolSource
{
    /// <inheritdoc />
    public IEnumerable<ITool> Tools =>
        connections.ByName.Values.SelectMany(c => c.Session?.Tools.Values ?? Enumerable.Empty<McpTool>());

    /// <inheritdoc />
    public bool TryGet(string name, [MaybeNullWhen(false)] out ITool tool)
    {
        tool = null;
        if (!McpToolNames.TryParse(name, out var server, out var remote) || !connections.ByName.TryGetValue(server, out var connection))
        {
            return false;
        }

        if (connection.Session is { } session)
        {
            if (session.Tools.TryGetValue(remote, out var known))
            {
                tool = known;
                return true;
            }

            return false;
        }

        if (!McpToolNames.IsValidToolName(remote) || !connection.Declaration.Exposes(remote))
        {
            return false;
        }

        tool = connection.Placeholder(remote);
        return true;
    }
}
