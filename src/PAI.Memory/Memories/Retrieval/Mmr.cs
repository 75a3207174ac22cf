namespace PAI.Memory.Memories.Retrieval;

/// <summary>
/// Maximal marginal relevance: picks, one at a time, the candidate with the best
/// <c>λ·relevance − (1 − λ)·max similarity to those already picked</c>, so near-duplicates do not fill the top.
/// Relevance is divided by the best one first, so λ means the same whatever the score's scale; a candidate at least
/// <see cref="DuplicateSimilarity"/> similar to one already picked comes only after every other. Pure.
/// </summary>
public static class Mmr
{
    /// <summary>Similarity from which two memories count as saying the same thing.</summary>
    public const double DuplicateSimilarity = 0.97;

    /// <summary>Indexes of <paramref name="relevance"/> in pick order, at most <paramref name="k"/>.</summary>
    /// <param name="relevance">Each candidate's relevance score.</param>
    /// <param name="similarity">Similarity of two candidates (by index), in [-1, 1].</param>
    /// <param name="k">How many to pick.</param>
    /// <param name="lambda">1: relevance only; 0: diversity only.</param>
    public static List<int> Select(IReadOnlyList<double> relevance, Func<int, int, double> similarity, int k, double lambda)
    {
        ArgumentNullException.ThrowIfNull(relevance);
        ArgumentNullException.ThrowIfNull(similarity);
        var n = relevance.Count;
        var picked = new List<int>(Math.Min(k, n));
        if (n == 0 || k <= 0)
        {
            return picked;
        }

        var max = relevance.Max();
        var scale = max > 0 ? max : 1;
        var maxSimilarity = new double[n];
        var taken = new bool[n];
        while (picked.Count < Math.Min(k, n))
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            var bestIsDuplicate = true;
            for (var i = 0; i < n; i++)
            {
                if (taken[i])
                {
                    continue;
                }

                var duplicate = picked.Count > 0 && maxSimilarity[i] >= DuplicateSimilarity;
                var redundancy = picked.Count == 0 ? 0 : maxSimilarity[i];
                var value = lambda * relevance[i] / scale - (1 - lambda) * redundancy;
                if ((bestIsDuplicate && !duplicate) || (duplicate == bestIsDuplicate && value > bestValue))
                {
                    best = i;
                    bestValue = value;
                    bestIsDuplicate = duplicate;
                }
            }

            taken[best] = true;
            picked.Add(best);
            for (var i = 0; i < n; i++)
            {
                if (!taken[i])
                {
                    maxSimilarity[i] = picked.Count == 1 ? similarity(i, best) : Math.Max(maxSimilarity[i], similarity(i, best));
                }
            }
        }

        return picked;
    }
}
