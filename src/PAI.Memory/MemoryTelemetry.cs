using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PAI.Memory;

/// <summary>Memory's OpenTelemetry signals: meter and activity source "PAI.Memory" (exported with every "PAI.*" source).</summary>
public static class MemoryTelemetry
{
    /// <summary>Meter and activity source name.</summary>
    public const string Name = "PAI.Memory";

    /// <summary>Spans: one per remember, search, forget and re-embedding batch.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Memories stored.</summary>
    public static readonly Counter<long> Remembered = Meter.CreateCounter<long>("pai.memory.remembered", unit: "{memory}", description: "Memories stored");

    /// <summary>Memories deleted.</summary>
    public static readonly Counter<long> Forgotten = Meter.CreateCounter<long>("pai.memory.forgotten", unit: "{memory}", description: "Memories deleted");

    /// <summary>Searches, tagged with mode.</summary>
    public static readonly Counter<long> Searches = Meter.CreateCounter<long>("pai.memory.searches", unit: "{search}", description: "Memory searches, by mode");

    /// <summary>Search time in the memory grain (excludes the query's embedding), tagged with mode.</summary>
    public static readonly Histogram<double> SearchDuration = Meter.CreateHistogram<double>("pai.memory.search.duration", unit: "ms", description: "Memory search time excluding the query embedding, by mode");

    /// <summary>Embedding time per call, tagged with kind (query, documents).</summary>
    public static readonly Histogram<double> EmbeddingDuration = Meter.CreateHistogram<double>("pai.memory.embedding.duration", unit: "ms", description: "Time to embed a query or a batch of documents");

    /// <summary>Memories re-embedded after a model change.</summary>
    public static readonly Counter<long> Reembedded = Meter.CreateCounter<long>("pai.memory.reembedded", unit: "{memory}", description: "Memories re-embedded with the current model");

    /// <summary>Full reloads of a memory grain's cache.</summary>
    public static readonly Counter<long> CacheReloads = Meter.CreateCounter<long>("pai.memory.cache.reloads", unit: "{reload}", description: "Memory caches rebuilt from the store");
}
