using PAI.Abstractions.Audit;

namespace PAI.Storage.Tests.Contracts;

/// <summary>One opened instance of an audit store; disposing it closes it (the data stays).</summary>
public sealed record AuditStoreUnderTest(IAuditStore Store, IAsyncDisposable Lifetime) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Lifetime.DisposeAsync();
}
