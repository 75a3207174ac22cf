using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace PAI.Storage.Tests.Contracts;

/// <summary>What every <see cref="IGrainStorage"/> implementation in PAI must do.</summary>
public abstract class GrainStorageContractTests : StorageContractTestBase
{
    private const string StateName = "state";

    private static GrainId Goal(string id) => GrainId.Create("goal", id);

    private static TestGrainState NewState(int value, string text = "") =>
        new() { State = new TestState { Value = value, Text = text } };

    private async Task<TestGrainState> ReadAsync(GrainId grainId)
    {
        var state = new TestGrainState();
        await GrainStorage.ReadStateAsync(StateName, grainId, state);
        return state;
    }

    [ContractFact]
    public async Task ReadStateAsync_MissingRecord_ReturnsNewStateWithoutETag()
    {
        var state = new TestGrainState { State = new TestState { Value = 99 }, ETag = "stale", RecordExists = true };

        await GrainStorage.ReadStateAsync(StateName, Goal("missing"), state);

        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Value);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [ContractFact]
    public async Task WriteStateAsync_NewRecord_SetsETagAndRecordExists()
    {
        var state = NewState(1);

        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), state);

        Assert.NotNull(state.ETag);
        Assert.True(state.RecordExists);
    }

    [ContractFact]
    public async Task ReadStateAsync_AfterWrite_ReturnsWrittenStateAndETag()
    {
        var written = NewState(42, "hello");
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), written);

        var read = await ReadAsync(Goal("g1"));

        Assert.Equal(42, read.State.Value);
        Assert.Equal("hello", read.State.Text);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [ContractFact]
    public async Task ReadStateAsync_SameGrainOtherStateName_ReturnsMissing()
    {
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), NewState(1));
        var other = new TestGrainState();

        await GrainStorage.ReadStateAsync("other", Goal("g1"), other);

        Assert.False(other.RecordExists);
        Assert.Null(other.ETag);
    }

    [ContractFact]
    public async Task WriteStateAsync_WithCurrentETag_UpdatesStateAndChangesETag()
    {
        var state = NewState(1);
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), state);
        var firstETag = state.ETag;

        state.State.Value = 2;
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), state);

        Assert.NotEqual(firstETag, state.ETag);
        var read = await ReadAsync(Goal("g1"));
        Assert.Equal(2, read.State.Value);
        Assert.Equal(state.ETag, read.ETag);
    }

    [ContractFact]
    public async Task WriteStateAsync_WithStaleETag_ThrowsInconsistentStateException()
    {
        var first = NewState(1);
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), first);
        var stale = new TestGrainState { State = new TestState { Value = 9 }, ETag = first.ETag, RecordExists = true };
        first.State.Value = 2;
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => GrainStorage.WriteStateAsync(StateName, Goal("g1"), stale));

        Assert.Equal(2, (await ReadAsync(Goal("g1"))).State.Value);
    }

    [ContractFact]
    public async Task WriteStateAsync_NullETagWhenRecordExists_ThrowsInconsistentStateException()
    {
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), NewState(1));

        await Assert.ThrowsAsync<InconsistentStateException>(() => GrainStorage.WriteStateAsync(StateName, Goal("g1"), NewState(2)));

        Assert.Equal(1, (await ReadAsync(Goal("g1"))).State.Value);
    }

    [ContractFact]
    public async Task WriteStateAsync_ETagWhenRecordMissing_ThrowsInconsistentStateException()
    {
        var state = NewState(1);
        state.ETag = "7";

        await Assert.ThrowsAsync<InconsistentStateException>(() => GrainStorage.WriteStateAsync(StateName, Goal("g1"), state));

        Assert.False((await ReadAsync(Goal("g1"))).RecordExists);
    }

    [ContractFact]
    public async Task WriteStateAsync_StateMutatedAfterCallStarts_StoresStateAsOfCall()
    {
        var state = NewState(1, "before");

        var write = GrainStorage.WriteStateAsync(StateName, Goal("g1"), state);
        state.State.Text = "after";
        await write;

        Assert.Equal("before", (await ReadAsync(Goal("g1"))).State.Text);
    }

    [ContractFact]
    public async Task ClearStateAsync_WithCurrentETag_RemovesRecordAndResetsETag()
    {
        var state = NewState(1);
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), state);

        await GrainStorage.ClearStateAsync(StateName, Goal("g1"), state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.False((await ReadAsync(Goal("g1"))).RecordExists);
    }

    [ContractFact]
    public async Task ClearStateAsync_WithStaleETag_ThrowsInconsistentStateExceptionAndKeepsRecord()
    {
        var state = NewState(1);
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), state);
        var stale = new TestGrainState { State = new TestState(), ETag = state.ETag, RecordExists = true };
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => GrainStorage.ClearStateAsync(StateName, Goal("g1"), stale));

        Assert.True((await ReadAsync(Goal("g1"))).RecordExists);
    }

    [ContractFact]
    public async Task ClearStateAsync_NeverWritten_Succeeds()
    {
        var state = new TestGrainState { State = new TestState() };

        await GrainStorage.ClearStateAsync(StateName, Goal("g1"), state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [ContractFact]
    public async Task WriteStateAsync_AfterClear_InsertsAgain()
    {
        var state = NewState(1);
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), state);
        await GrainStorage.ClearStateAsync(StateName, Goal("g1"), state);

        state.State.Value = 5;
        await GrainStorage.WriteStateAsync(StateName, Goal("g1"), state);

        var read = await ReadAsync(Goal("g1"));
        Assert.True(read.RecordExists);
        Assert.Equal(5, read.State.Value);
    }

    [ContractFact]
    public async Task WriteStateAsync_200ParallelWritesToDifferentKeys_AllDurable()
    {
        const int count = 200;
        var writes = Enumerable.Range(0, count)
            .Select(i => Task.Run(() => GrainStorage.WriteStateAsync(StateName, Goal($"p{i}"), NewState(i, $"text {i}"))));
        await Task.WhenAll(writes);

        await ReopenAsync();

        for (var i = 0; i < count; i++)
        {
            var read = await ReadAsync(Goal($"p{i}"));
            Assert.True(read.RecordExists, $"p{i} missing after reopen");
            Assert.Equal(i, read.State.Value);
            Assert.Equal($"text {i}", read.State.Text);
        }
    }
}
