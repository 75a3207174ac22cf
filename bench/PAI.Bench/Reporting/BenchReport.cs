namespace PAI.Bench.Reporting;

/// <summary>Everything one run measured; serialized as the JSON line.</summary>
public sealed record BenchReport(
    string Date,
    string Machine,
    int ProcessorCount,
    string Runtime,
    IReadOnlyList<ThroughputResult> Throughput,
    LatencyResult Latency,
    IReadOnlyList<TargetCheck> Targets);
