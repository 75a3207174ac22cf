namespace PAI.Bench.Host;

/// <summary>One figure of a run: what it is, its value and unit, and which way is better (for comparisons).</summary>
public sealed record Measurement(string Name, double Value, string Unit, bool HigherIsBetter);
