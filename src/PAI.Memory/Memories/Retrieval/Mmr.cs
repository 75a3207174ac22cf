namespace PAI.Memory.Memories.Retrieval;

/// <summary>
/// Maximal marginal relevance: picks, one at a time, the candidate with the best
/// <c>λ·relevance − (1 − λ)·max similarity to those already picked</c>, so near-duplicates do not fill the top.
/// Relevance is normalized to [0, 1] over the candidates first, so λ means the same whatever the score's scale. Pure.
/// </summary>
public static class Mmr
{
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

        var min = relevance.Min();
        var max = relevance.Max();
        var span = max > min ? max - min : 1;
        var maxSimilarity = new double[n];
        Array.Fill(maxSimilarity, double.NegativeInfinity);
        var taken = new bool[n];
        while (picked.Count < Math.Min(k, n))
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                if (taken[i])
                {
                    continue;
                }

                var redundancy = picked.Count == 0 ? 0 : maxSimilarity[i];
                var value = lambda * (relevance[i] - min) / span - (1 - lambda) * redundancy;
                if (value > bestValue)
                {
                    best = i;
                    bestValue = value;
                }
            }

            taken[best] = true;
            picked.Add(best);
            for (var i = 0; i < n; i++)
            {
                if (!taken[i])
                {
                    maxSimilarity[i] = Math.Max(maxSimilarity[i], similarity(i, best));
                }
            }
        }

        return picked;
    }
}
