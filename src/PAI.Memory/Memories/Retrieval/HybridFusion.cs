using PAI.Abstractions.Memory;

namespace PAI.Memory.Memories.Retrieval;

/// <summary>
/// Convex combination of the two retrievers' scores after per-query normalization, plus recency and scope bonuses:
/// <c>w·(bm25 / max bm25) + (1 − w)·(cos − min cos) / (max cos − min cos) + recency + scope</c>, over the union of both
/// candidate lists. Measured on LoCoMo, this beats reciprocal-rank fusion, which throws the scores' margins away and
/// lets a weak dense ranking pull good keyword matches down (docs/memory.md). Pure: no I/O, time passed in.
/// </summary>
public static class HybridFusion
{
    /// <summary>The per-query normalization of the two scores, taken from the candidate pool.</summary>
    public readonly record struct Normalization(double KeywordMax, double DenseMin, double DenseMax)
    {
        /// <summary>The keyword score mapped to [0, 1] (0 when absent).</summary>
        public double Keyword(double? score) => score is { } s && KeywordMax > 0 ? Math.Clamp(s / KeywordMax, 0, 1) : 0;

        /// <summary>The dense score mapped to [0, 1] (0 when absent).</summary>
        public double Dense(double? score) => score is { } s
            ? DenseMax > DenseMin ? Math.Clamp((s - DenseMin) / (DenseMax - DenseMin), 0, 1) : 1
            : 0;
    }

    /// <summary>The normalization of a candidate pool.</summary>
    public static Normalization Normalize(IReadOnlyList<Candidate> pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        double keywordMax = 0, denseMin = double.MaxValue, denseMax = double.MinValue;
        foreach (var c in pool)
        {
            if (c.Keyword is { } k)
            {
                keywordMax = Math.Max(keywordMax, k);
            }

            if (c.Dense is { } d)
            {
                denseMin = Math.Min(denseMin, d);
                denseMax = Math.Max(denseMax, d);
            }
        }

        return denseMin > denseMax ? new Normalization(keywordMax, 0, 0) : new Normalization(keywordMax, denseMin, denseMax);
    }

    /// <summary>Sets <see cref="Candidate.Score"/> of every candidate.</summary>
    public static void Score(IReadOnlyList<Candidate> candidates, Normalization normalization, FusionWeights weights, long nowTicks, MemoryScope? context)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var halfLifeTicks = weights.RecencyHalfLife.Ticks;
        foreach (var c in candidates)
        {
            var score = weights.Keyword * normalization.Keyword(c.Keyword) + (1 - weights.Keyword) * normalization.Dense(c.Dense);
            if (weights.Recency > 0 && halfLifeTicks > 0 && c.OccurredTicks is { } occurred)
            {
                var age = Math.Max(0, nowTicks - occurred);
                score += weights.Recency * Math.Pow(0.5, (double)age / halfLifeTicks);
            }

            if (weights.ScopeBoost > 0 && context is not null && c.Scope is not null)
            {
                score += weights.ScopeBoost * context.Overlap(c.Scope);
            }

            c.Score = score;
        }
    }
}
