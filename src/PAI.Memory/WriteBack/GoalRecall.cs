using PAI.Abstractions.Knowledge;
using PAI.Abstractions.Memory;
using PAI.Memory.Graph;
using PAI.Memory.Memories;

namespace PAI.Memory.WriteBack;

/// <summary>
/// What the planner sees of the past for a new goal: hybrid recall of the owner's memories (earlier goals' episodes,
/// notes, remembered text) and the current facts about entities the goal names (every 1-3 word span of the goal's
/// text that is an entity's name or alias), fused by reciprocal rank so neither list crowds out the other.
/// </summary>
public sealed class GoalRecall(MemoryService memories, KnowledgeGraphService graph, IKnowledgeStore store, TimeProvider time)
{
    /// <summary>Most word spans looked up as entity names.</summary>
    public const int MaxSpans = 120;

    /// <summary>Longest goal text whose spans are looked up, in characters.</summary>
    public const int MaxTextChars = 4000;

    /// <summary>Longest text of one recalled fact, in characters (a long literal value is cut).</summary>
    public const int MaxFactChars = 300;

    /// <summary>Most facts one call recalls.</summary>
    public const int MaxFacts = 50;

    private const double RankConstant = 60;

    /// <summary>At most <paramref name="limit"/> memories and facts of <paramref name="principal"/> relevant to the goal text, best first.</summary>
    public async Task<IReadOnlyList<RecalledItem>> RecallAsync(string principal, string title, string? description, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(title);
        var text = string.IsNullOrWhiteSpace(description) ? title : $"{title}\n{description}";
        text = text.Length > MaxTextChars ? text[..MaxTextChars] : text;
        var found = await memories.SearchAsync(principal, new MemoryQuery(text, Math.Clamp(limit, 1, 100), MemorySearchMode.Hybrid), cancellationToken);
        var memoryItems = found.Hits.Select(h => new RecalledItem(h.Record.Id, h.Record.Text, h.Score, "memory")).ToList();
        var factItems = await FactsOfAsync(principal, text, Math.Clamp(limit, 1, MaxFacts), cancellationToken);

        // Reciprocal rank fusion: each list contributes 1/(k + rank); ties keep memories first.
        return memoryItems.Select((m, i) => (Item: m, Score: 1 / (RankConstant + i + 1)))
            .Concat(factItems.Select((f, i) => (Item: f, Score: 1 / (RankConstant + i + 1))))
            .OrderByDescending(x => x.Score)
            .Take(limit)
            .Select(x => x.Item with { Score = Math.Round(x.Score, 6) })
            .ToList();
    }

    /// <summary>
    /// The facts of <paramref name="principal"/>'s graph that hold now about the entities <paramref name="text"/> names
    /// (its 1-3 word spans that are an entity's name or alias), at most <paramref name="limit"/> (and <see cref="MaxFacts"/>),
    /// each as "subject predicate object" cut to <see cref="MaxFactChars"/>. Another principal's graph is never read.
    /// </summary>
    public async Task<IReadOnlyList<RecalledItem>> FactsAsync(string principal, string text, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (limit <= 0 || string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return await FactsOfAsync(principal, text.Length > MaxTextChars ? text[..MaxTextChars] : text, Math.Min(limit, MaxFacts), cancellationToken);
    }

    private async Task<List<RecalledItem>> FactsOfAsync(string principal, string text, int limit, CancellationToken cancellationToken)
    {
        var entities = new List<string>();
        foreach (var span in Spans(text))
        {
            if (await store.FindEntityAsync(principal, [span], cancellationToken) is { } entity && !entities.Contains(entity.Id))
            {
                entities.Add(entity.Id);
            }
        }

        if (entities.Count == 0)
        {
            return [];
        }

        var facts = await store.FactsAmongAsync(principal, entities, time.GetUtcNow(), bothEnds: false, limit, cancellationToken);
        var named = await graph.NameAsync(principal, facts, cancellationToken);
        return named.Select(f => new RecalledItem(f.Fact.Id, Cap($"{f.Subject} {f.Fact.Predicate.Replace('_', ' ')} {f.Object ?? f.Fact.Value}"), 0, "fact")).ToList();
    }

    private static string Cap(string text) => text.Length <= MaxFactChars ? text : string.Concat(text.AsSpan(0, MaxFactChars - 1), "…");

    /// <summary>The normalised 1-3 word spans of the text (longest first within each start), at most <see cref="MaxSpans"/>.</summary>
    internal static IReadOnlyList<string> Spans(string text)
    {
        var words = EntityKeys.Normalise(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var spans = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length && spans.Count < MaxSpans; i++)
        {
            for (var n = Math.Min(3, words.Length - i); n >= 1 && spans.Count < MaxSpans; n--)
            {
                var span = string.Join(' ', words, i, n);
                if (span.Length > 2 && seen.Add(span))
                {
                    spans.Add(span);
                }
            }
        }

        return spans;
    }
}
