namespace PAI.Bench.Reporting;

/// <summary>One timed run of a throughput workload.</summary>
/// <param name="Scenario">Which workload.</param>
/// <param name="Runner"><c>engine</c>, <c>engine-normal</c> (synchronous=NORMAL) or <c>baseline</c>.</param>
/// <param name="Steps">Steps run.</param>
/// <param name="Seconds">Submit of the first goal to the last goal observed finished.</param>
/// <param name="Commits">Store commits during the run.</param>
/// <param name="Writes">Store write operations (row writes) during the run.</param>
/// <param name="CpuSeconds">Processor time the whole process used during the run (all threads, user and kernel).</param>
public sealed record ThroughputResult(string Scenario, string Runner, int Steps, double Seconds, long Commits, long Writes, double CpuSeconds)
{
    /// <summary>Processor time per step in microseconds: unlike wall time, barely moved by other load on the machine.</summary>
    public double CpuMicrosecondsPerStep => CpuSeconds * 1e6 / Steps;

    /// <summary>Steps per second.</summary>
    public double StepsPerSecond => Steps / Seconds;

    /// <summary>Store commits per step.</summary>
    public double CommitsPerStep => (double)Commits / Steps;

    /// <summary>Store writes per step.</summary>
    public double WritesPerStep => (double)Writes / Steps;
}
