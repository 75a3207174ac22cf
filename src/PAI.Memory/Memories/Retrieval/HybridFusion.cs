using PAI.Abstractions.Memory;

namespace PAI.Memory.Memories.Retrieval;

/// <summary>
/// Hybrid ranking, pure (no I/O, time passed in). A memory's relevance is a convex combination of the two retrievers'
/// scores after per-query normalization over the candidate pool, <c>w·bm25/max(bm25) + (1 − w)·(cos − min)/(max − min)</c>;
/// its score adds shares of its episode neighbours' relevance (the memories recorded just before and after it, in the
/// same scope and time window: a reply continues the turn it answers), a recency bonus and a scope bonus.
/// Measured on LoCoMo, score fusion beats reciprocal-rank fusion, which throws the margins away and lets a weak
/// dense ranking pull good keyword matches down, and the episode share lifts recall most (docs/memory.md).
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
    public static Normalization Normalize(IEnumerable<Candidate> pool)
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

    /// <summary>A memory's relevance in [0, 1] from its part scores.</summary>
    public static double Relevance(double? keyword, double? dense, Normalization normalization, FusionWeights weights) =>
        weights.Keyword * normalization.Keyword(keyword) + (1 - weights.Keyword) * normalization.Dense(dense);

    /// <summary>The final score: relevance, the episode shares, and the recency and scope bonuses.</summary>
    /// <param name="relevance">The memory's own relevance.</param>
    /// <param name="neighborRelevance">Per step away (index 0: adjacent), the better relevance of the two neighbours there (0 when none).</param>
    /// <param name="candidate">The memory (for its time and scope).</param>
    /// <param name="weights">The weights.</param>
    /// <param name="nowTicks">Now, UTC ticks.</param>
    /// <param name="context">Where the search comes from, or null.</param>
    public static double Score(double relevance, ReadOnlySpan<double> neighborRelevance, Candidate candidate, FusionWeights weights, long nowTicks, MemoryScope? context)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var score = relevance;
        var share = 1.0;
        foreach (var neighbor in neighborRelevance)
        {
            share *= weights.Context;
            score += share * neighbor;
        }

        var halfLifeTicks = weights.RecencyHalfLife.Ticks;
        if (weights.Recency > 0 && halfLifeTicks > 0 && candidate.OccurredTicks is { } occurred)
        {
            var age = Math.Max(0, nowTicks - occurred);
            score += weights.Recency * Math.Pow(0.5, (double)age / halfLifeTicks);
        }

        if (weights.ScopeBoost > 0 && context is not null && candidate.Scope is not null)
        {
            score += weights.ScopeBoost * context.Overlap(candidate.Scope);
        }

        return score;
    }
}
