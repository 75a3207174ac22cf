using PAI.Abstractions.Memory;

namespace PAI.Storage.Tests.Contracts;

/// <summary>One opened instance of a memory store; disposing it closes it (the data stays).</summary>
public sealed record MemoryStoreUnderTest(IMemoryStore Store, IAsyncDisposable Lifetime) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Lifetime.DisposeAsync();
}
