using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PAI.Mcp.Client.Servers;

namespace PAI.Mcp.Client.Hosting;

/// <summary>
/// Connects to the declared MCP servers at start and keeps them connected until the host stops. The start waits up to
/// <see cref="McpServersOptions.StartWait"/> for the first attempts, so goals submitted right after start find the
/// servers' tools; a server that is slower or down is connected in the background, retried with backoff.
/// </summary>
public sealed class McpClientService(McpServerConnections connections, IOptions<McpServersOptions> options, TimeProvider time) : BackgroundService
{
    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        var first = Task.WhenAll(connections.ByName.Values.Select(c => c.FirstAttempt));
        try
        {
            await first.WaitAsync(options.Value.StartWait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Slow servers keep connecting in the background.
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(connections.ByName.Values.Select(c => Task.Run(() => c.RunAsync(stoppingToken), CancellationToken.None)));
}
