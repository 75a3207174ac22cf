using PAI.Abstractions.Tools;

namespace PAI.Models.Agents;

/// <summary>A phase's checkpoint with keys prefixed by one function call, so a tool keeps its values per call.</summary>
internal sealed class CallCheckpoint(IStepCheckpoint inner, string scope) : IStepCheckpoint
{
    public string? Get(string key) => inner.Get(scope + ":" + key);

    public Task SetAsync(string key, string value, CancellationToken cancellationToken) => inner.SetAsync(scope + ":" + key, value, cancellationToken);
}
