namespace PAI.Bench.Memory;

/// <summary>Percentiles (nearest rank) and means.</summary>
public static class Stats
{
    /// <summary>The p-th percentile (0-100) of the values.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
