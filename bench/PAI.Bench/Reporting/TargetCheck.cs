namespace PAI.Bench.Reporting;

/// <summary>One target of issue 3, item 10, against what this run measured.</summary>
public sealed record TargetCheck(string Target, string Measured, bool Met);
