namespace PAI.Models.Gateway;

/// <summary>The endpoint one call uses, with the GPU lease it holds (if any) until disposed.</summary>
internal sealed class EndpointSlot(EndpointClient client, GpuLeaseHold? lease) : IAsyncDisposable
{
    /// <summary>The endpoint's client.</summary>
    public EndpointClient Client { get; } = client;

    /// <summary>The lease held, if the endpoint is served on a GPU.</summary>
    public GpuLeaseHold? Lease { get; } = lease;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Lease?.DisposeAsync() ?? ValueTask.CompletedTask;
}
