using Grpc.Core;
using Grpc.Net.Client;
using PAI.Grpc.V1;
using PAI.Testing;

namespace PAI.Host.Tests.Infrastructure;

/// <summary>A host process with gRPC on its own cleartext HTTP/2 port (<c>PAI_GRPC_URL</c>), and a channel to it.</summary>
public sealed class GrpcHost : IAsyncLifetime
{
    private PaiProcess? _host;

    /// <summary>The running host.</summary>
    public PaiProcess Host => _host ?? throw new InvalidOperationException("not started");

    /// <summary>The gRPC port.</summary>
    public int GrpcPort { get; } = ProcessReadiness.FreePort();

    /// <summary>A channel to the gRPC port.</summary>
    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>The goals client.</summary>
    public Goals.GoalsClient Goals => new(Channel);

    /// <summary>Call metadata that authenticates with <paramref name="key"/> (the admin key by default).</summary>
    public static Metadata Auth(string key = PaiProcess.ApiKey) => new() { { "authorization", $"Bearer {key}" } };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _host = await PaiProcess.StartNewAsync(new Dictionary<string, string> { ["PAI_GRPC_URL"] = $"http://127.0.0.1:{GrpcPort}" });
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
