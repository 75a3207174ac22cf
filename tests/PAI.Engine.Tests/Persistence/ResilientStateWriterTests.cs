using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;
using PAI.Engine.Grains;
using PAI.Engine.Persistence;

namespace PAI.Engine.Tests.Persistence;

/// <summary>The writer's reconciliation after a failed write, against a store with real ETag semantics.</summary>
public sealed class ResilientStateWriterTests
{
    [Fact]
    public async Task WriteAsync_ZombieWhoseSuccessorWroteOnce_IsRefusedAndDoesNotRollBack()
    {
        var store = new EtagStore();
        var zombie = new StoredState(store);
        var successor = new StoredState(store);
        await zombie.ReadStateAsync();
        await successor.ReadStateAsync();

        // The successor (a newer activation on another silo) progresses once: revision 1 in the store.
        var successorWriter = new ResilientStateWriter<StepRunState>(successor, NullLogger.Instance, TimeProvider.System);
        successor.State.Attempts = 7;
        await successorWriter.WriteAsync();

        // The zombie, loaded from the same base, now tries to write revision 1 too: the ETag refuses it, and the
        // reload shows revision 1 — by another writer. It must stop, not adopt the fresh ETag and overwrite.
        var zombieWriter = new ResilientStateWriter<StepRunState>(zombie, NullLogger.Instance, TimeProvider.System);
        zombie.State.Attempts = 1;
        await Assert.ThrowsAsync<StaleActivationException>(zombieWriter.WriteAsync);
        await Assert.ThrowsAsync<StaleActivationException>(zombieWriter.WriteAsync);

        Assert.Equal(7, store.Current!.Attempts);
        Assert.Equal(1, store.Current.Revision);
    }

    [Fact]
    public async Task WriteAsync_AmbiguousWriteThatLanded_IsRecognisedAsOurs()
    {
        var store = new EtagStore { FailAfterCommit = 1 };
        var grain = new StoredState(store);
        await grain.ReadStateAsync();
        var writer = new ResilientStateWriter<StepRunState>(grain, NullLogger.Instance, TimeProvider.System);
        grain.State.Attempts = 3;

        await writer.WriteAsync();
        grain.State.Attempts = 4;
        await writer.WriteAsync();

        Assert.Equal(4, store.Current!.Attempts);
        Assert.Equal(2, store.Current.Revision);
        Assert.False(writer.IsLost);
    }

    /// <summary>One stored row with an ETag; can commit a write and then report a timeout.</summary>
    private sealed class EtagStore
    {
        private int _etag;

        public StepRunState? Current { get; private set; }

        public int FailAfterCommit { get; set; }

        public (StepRunState? State, string? Etag) Read() => (Current is null ? null : Clone(Current), Current is null ? null : _etag.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public string Write(StepRunState state, string? etag)
        {
            var expected = Current is null ? null : _etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (etag != expected)
            {
                throw new InconsistentStateException($"etag {etag} is not {expected}");
            }

            Current = Clone(state);
            _etag++;
            if (FailAfterCommit > 0)
            {
                FailAfterCommit--;
                throw new TimeoutException("committed, then the reply was lost");
            }

            return _etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static StepRunState Clone(StepRunState s) => new()
        {
            Revision = s.Revision,
            WriterId = s.WriterId,
            Attempts = s.Attempts,
        };
    }

    /// <summary>An <see cref="IPersistentState{TState}"/> over the shared row, as one activation sees it.</summary>
    private sealed class StoredState(EtagStore store) : IPersistentState<StepRunState>
    {
        public StepRunState State { get; set; } = new();

        public string? Etag { get; private set; }

        public bool RecordExists { get; private set; }

        public Task ClearStateAsync() => throw new NotSupportedException();

        public Task ReadStateAsync()
        {
            var (state, etag) = store.Read();
            State = state ?? new StepRunState();
            Etag = etag;
            RecordExists = state is not null;
            return Task.CompletedTask;
        }

        public Task WriteStateAsync()
        {
            Etag = store.Write(State, Etag);
            RecordExists = true;
            return Task.CompletedTask;
        }
    }
}
