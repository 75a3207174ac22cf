using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Tests.Contracts;

/// <summary>One opened instance of a knowledge store; disposing it closes it (the data stays).</summary>
public sealed record KnowledgeStoreUnderTest(IKnowledgeStore Store, IAsyncDisposable Lifetime) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Lifetime.DisposeAsync();
}
