namespace PAI.Bench.Host;

/// <summary>Nearest-rank percentiles.</summary>
public static class Percentile
{
    /// <summary>The <paramref name="p"/>-th percentile (0–100) of <paramref name="values"/>.</summary>
    public static double Of(IReadOnlyCollection<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
