namespace PAI.Bench.Reporting;

/// <summary>Submit-to-first-step latencies on an idle host, in milliseconds.</summary>
/// <param name="Samples">How many goals were timed.</param>
/// <param name="FirstStep">Submit call to the first step's tool being invoked.</param>
/// <param name="Accepted">Submit call to the submit call returning (the goal is durable: what the HTTP 202 waits for).</param>
public sealed record LatencyResult(int Samples, Percentiles FirstStep, Percentiles Accepted);
