namespace PAI.Memory.Graph;

/// <summary>Limits of the knowledge graph and its entity resolution (<c>Pai:Memory:Graph</c>).</summary>
public sealed class GraphOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Memory:Graph";

    /// <summary>Most facts in one assert call (they go in one transaction).</summary>
    public int MaxFactsPerCall { get; set; } = 10_000;

    /// <summary>Longest literal value, in characters of JSON.</summary>
    public int MaxValueLength { get; set; } = 2000;

    /// <summary>Neighbours of an entity: the default and the largest depth.</summary>
    public int DefaultDepth { get; set; } = 1;

    /// <summary>The largest depth a neighbourhood query may ask for.</summary>
    public int MaxDepth { get; set; } = 4;

    /// <summary>Rows a walk may generate before it stops (bounds dense graphs).</summary>
    public int MaxWalkRows { get; set; } = 20_000;

    /// <summary>Most neighbours answered (nearest first).</summary>
    public int MaxNeighbours { get; set; } = 200;

    /// <summary>Most facts answered with a neighbourhood.</summary>
    public int MaxFacts { get; set; } = 1000;

    /// <summary>The longest path searched for.</summary>
    public int MaxPathDepth { get; set; } = 6;

    /// <summary>Partial paths a path search may generate before it gives up.</summary>
    public int MaxPathRows { get; set; } = 50_000;

    /// <summary>
    /// Cosine similarity of two entities' name embeddings at or above which the newer is merged into the older (same
    /// type, or one untyped, names passing the lexical guard). Null: the measured value for the embedding model
    /// (<see cref="DefaultMergeThreshold"/>); 0 or more than 1 turns merging by similarity off.
    /// </summary>
    public double? MergeThreshold { get; set; }

    /// <summary>
    /// The threshold measured for a model on the labelled name pairs of bench/PAI.Bench.Knowledge (the lowest with no
    /// false merge, docs/benchmarks.md): arctic-embed-xs 0.90, all-MiniLM-L6-v2 0.70; any other model 0.92 (unmeasured, so cautious).
    /// </summary>
    public static double DefaultMergeThreshold(string model) => model switch
    {
        PAI.Memory.Embeddings.LocalEmbeddingModels.ArcticXs => 0.90,
        PAI.Memory.Embeddings.LocalEmbeddingModels.MiniLm => 0.70,
        _ => 0.92,
    };

    /// <summary>Times the extraction model is asked about one text before extraction is given up (an error, or an
    /// answer with no valid JSON, counts as a failed attempt; the model gateway's own retries of 429/5xx come on top).</summary>
    public int ExtractionAttempts { get; set; } = 2;

    /// <summary>The pause between extraction attempts.</summary>
    public TimeSpan ExtractionRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long extraction of one text may take, all attempts together; kept below the engine's
    /// <c>FinishedHandlerTimeout</c> (2 minutes) so a slow model never makes a goal's write-back fail and repeat forever.</summary>
    public TimeSpan ExtractionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether every finished goal is written back (its episode into the owner's graph, its text into memory, facts read
    /// out of it by the extraction model). On by default: that is how the next plan recalls what earlier goals did.
    /// Off: finished goals leave nothing in memory or the graph (what tools and people write there stays).
    /// </summary>
    public bool WriteBackGoals { get; set; } = true;

    /// <summary>Entity names embedded per resolver pass.</summary>
    public int ResolverBatchSize { get; set; } = 64;

    /// <summary>How often the resolver looks for entities with no name embedding (it also runs right after each write).</summary>
    public TimeSpan ResolverInterval { get; set; } = TimeSpan.FromSeconds(30);
}
