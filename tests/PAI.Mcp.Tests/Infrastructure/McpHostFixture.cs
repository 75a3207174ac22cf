using PAI.Host.Tests.Infrastructure;

namespace PAI.Mcp.Tests.Infrastructure;

/// <summary>One host process, with keys of several roles, shared by the tests of a class that do not kill it.</summary>
public sealed class McpHostFixture : IAsyncLifetime
{
    private PaiProcess? _host;

    /// <summary>The running host.</summary>
    public PaiProcess Host => _host ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async Task InitializeAsync() => _host = await PaiProcess.StartNewAsync(seed: McpTestKeys.WriteAsync);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
