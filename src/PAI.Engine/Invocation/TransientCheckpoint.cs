using System.Collections.Concurrent;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Invocation;

/// <summary>A checkpoint kept in memory, for calls that have no durable state to keep one in (a restart forgets it).</summary>
public sealed class TransientCheckpoint : IStepCheckpoint
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string? Get(string key) => _values.GetValueOrDefault(key);

    /// <inheritdoc />
    public Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        _values[key] = value;
        return Task.CompletedTask;
    }
}
