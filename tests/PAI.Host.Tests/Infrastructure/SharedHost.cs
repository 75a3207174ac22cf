namespace PAI.Host.Tests.Infrastructure;

/// <summary>One host process shared by the tests of a class that do not kill it.</summary>
public sealed class SharedHost : IAsyncLifetime
{
    private PaiProcess? _host;

    /// <summary>The running host.</summary>
    public PaiProcess Host => _host ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async Task InitializeAsync() => _host = await PaiProcess.StartNewAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
