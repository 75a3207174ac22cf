namespace PAI.Abstractions.Tools;

/// <summary>Small durable values a tool keeps across attempts and restarts of one step (e.g. a timer's deadline).</summary>
public interface IStepCheckpoint
{
    /// <summary>The value stored under the key, if any.</summary>
    string? Get(string key);

    /// <summary>Stores the value durably before returning.</summary>
    Task SetAsync(string key, string value, CancellationToken cancellationToken);
}
