using System.Collections.Frozen;
using System.Text;

namespace PAI.Memory.Memories.Retrieval;

/// <summary>
/// The words of a query that go to the full-text index: lower-cased runs of letters and digits, English stop words
/// left out (they match nearly every memory and drown the words that matter), each once, at most
/// <see cref="MaxTerms"/>. One pass over the query; nothing here can backtrack.
/// </summary>
public static class QueryTerms
{
    /// <summary>The most terms a query contributes.</summary>
    public const int MaxTerms = 32;

    /// <summary>The longest term kept (longer runs are cut).</summary>
    public const int MaxTermLength = 64;

    // PostgreSQL's English stop-word list (the Snowball one), as the measured BM25 baseline used.
    private static readonly FrozenSet<string> StopWords = (
        "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself " +
        "it its itself they them their theirs themselves what which who whom this that these those am is are was were be " +
        "been being have has had having do does did doing a an the and but if or because as until while of at by for with " +
        "about against between into through during before after above below to from up down in out on off over under again " +
        "further then once here there when where why how all any both each few more most other some such no nor not only " +
        "own same so than too very s t can will just don should now").Split(' ').ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The terms of <paramref name="query"/>; when every word is a stop word, the stop words themselves.</summary>
    public static IReadOnlyList<string> Of(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var content = new List<string>();
        var stop = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var word = new StringBuilder();
        for (var i = 0; i <= query.Length && content.Count < MaxTerms; i++)
        {
            var c = i < query.Length ? query[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                if (word.Length < MaxTermLength)
                {
                    word.Append(char.ToLowerInvariant(c));
                }

                continue;
            }

            if (word.Length == 0)
            {
                continue;
            }

            var term = word.ToString();
            word.Clear();
            if (seen.Add(term))
            {
                (StopWords.Contains(term) ? stop : content).Add(term);
            }
        }

        return content.Count > 0 ? content : stop.Take(MaxTerms).ToList();
    }
}
