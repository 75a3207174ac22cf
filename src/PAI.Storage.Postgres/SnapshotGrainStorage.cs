using Orleans.Serialization;
using Orleans.Storage;

namespace PAI.Storage.Postgres;

/// <summary>
/// Writes a deep copy of the state taken when <see cref="WriteStateAsync{T}"/> is called. Orleans' ADO.NET storage
/// serializes after its first await, so a reentrant grain that changes its state while a write is in flight could have
/// those changes written early or, worse, serialized while they are being made. PAI's grains rely on the contract the
/// SQLite store keeps: a write stores the state as of the call (GrainStorageContractTests pins it for both stores).
/// </summary>
public sealed class SnapshotGrainStorage(IGrainStorage inner, DeepCopier copier) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var snapshot = new GrainState<T>(copier.Copy(grainState.State), grainState.ETag) { RecordExists = grainState.RecordExists };
        await inner.WriteStateAsync(stateName, grainId, snapshot);
        grainState.ETag = snapshot.ETag;
        grainState.RecordExists = snapshot.RecordExists;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle observer)
    {
        // The ADO.NET storage initialises itself in the silo lifecycle; Orleans finds it through this decorator.
        if (inner is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(observer);
        }
    }
}
