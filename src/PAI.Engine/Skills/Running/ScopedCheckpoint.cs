using PAI.Abstractions.Tools;

namespace PAI.Engine.Skills.Running;

/// <summary>The step's checkpoint with keys prefixed by the phase, so two <c>wait</c> phases keep two deadlines.</summary>
internal sealed class ScopedCheckpoint(IStepCheckpoint inner, string scope) : IStepCheckpoint
{
    public string? Get(string key) => inner.Get(scope + ":" + key);

    public Task SetAsync(string key, string value, CancellationToken cancellationToken) => inner.SetAsync(scope + ":" + key, value, cancellationToken);
}
