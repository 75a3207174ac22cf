namespace PAI.Bench.Cluster;

/// <summary>The state written by the raw grain-storage benchmark (about the size of a small step state).</summary>
[GenerateSerializer]
public sealed class BenchState
{
    [Id(0)]
    public int Counter { get; set; }

    [Id(1)]
    public string Payload { get; set; } = "";
}
