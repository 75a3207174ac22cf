namespace PAI.Bench.Reporting;

/// <summary>Summary of a latency sample, in milliseconds.</summary>
public sealed record Percentiles(double P50, double P90, double P99, double Max, double Mean)
{
    /// <summary>Nearest-rank percentiles of the sample.</summary>
    public static Percentiles Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(Rank(50), Rank(90), Rank(99), sorted[^1], sorted.Average());
    }
}
