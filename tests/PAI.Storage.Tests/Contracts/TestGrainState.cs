using System.Diagnostics.CodeAnalysis;
using Orleans;

namespace PAI.Storage.Tests.Contracts;

/// <summary>The grain-state envelope the tests hand to a provider; a null state reads back as a new one.</summary>
public sealed class TestGrainState : IGrainState<TestState>
{
    private TestState _state = new();

    [AllowNull]
    public TestState State
    {
        get => _state;
        set => _state = value ?? new TestState();
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
