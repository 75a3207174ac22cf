namespace PAI.Host.Faults;

/// <summary>One way of checking that PAI can write: the data folder's disk, or the store.</summary>
public interface IStoreWriteProbe
{
    /// <summary>What is probed, for the readiness description.</summary>
    string Name { get; }

    /// <summary>Writes durably (at least <paramref name="bytes"/> where the probe writes files) and undoes it; throws when it cannot.</summary>
    Task ProbeAsync(long bytes, CancellationToken cancellationToken);
}
