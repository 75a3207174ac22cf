using Orleans.Storage;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Tests.Contracts;

/// <summary>One opened instance of a storage implementation; disposing it closes it (the data stays).</summary>
public sealed record StorageUnderTest(
    IGrainStorage GrainStorage,
    IGoalIndex GoalIndex,
    IApiKeyStore ApiKeys,
    IAsyncDisposable Lifetime,
    IPrincipalUsageStore? PrincipalUsage = null) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Lifetime.DisposeAsync();
}
