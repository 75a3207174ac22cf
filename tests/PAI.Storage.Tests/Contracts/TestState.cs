namespace PAI.Storage.Tests.Contracts;

/// <summary>Grain state used by the storage contract tests.</summary>
[GenerateSerializer]
public sealed class TestState
{
    [Id(0)]
    public int Value { get; set; }

    [Id(1)]
    public string Text { get; set; } = "";
}
