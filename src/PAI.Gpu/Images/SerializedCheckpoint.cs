using PAI.Abstractions.Tools;

namespace PAI.Gpu.Images;

/// <summary>One step's checkpoint shared by parallel jobs of one call: reads and writes go one at a time (the step's
/// own checkpoint is written by its grain and not made for concurrent callers).</summary>
internal sealed class SerializedCheckpoint(IStepCheckpoint inner) : IStepCheckpoint, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <inheritdoc />
    public string? Get(string key)
    {
        _gate.Wait();
        try
        {
            return inner.Get(key);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await inner.SetAsync(key, value, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
