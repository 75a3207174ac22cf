using PAI.Abstractions.Storage;

namespace PAI.Storage.Tests.Sqlite.Hosting;

/// <summary>A grain whose state lives in the <c>pai</c> provider, for the silo smoke test.</summary>
public interface ISiloCounterGrain : IGrainWithStringKey
{
    Task<int> IncrementAsync();

    Task<int> GetAsync();
}

/// <summary>State of <see cref="SiloCounterGrain"/>.</summary>
[GenerateSerializer]
public sealed class SiloCounterState
{
    [Id(0)]
    public int Count { get; set; }
}

public sealed class SiloCounterGrain(
    [PersistentState("counter", StorageNames.Grains)] IPersistentState<SiloCounterState> state) : Grain, ISiloCounterGrain
{
    public async Task<int> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Count);
}
