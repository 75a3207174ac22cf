using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PAI.Memory;

/// <summary>The knowledge graph's and notes' OpenTelemetry signals: meter and activity source "PAI.Knowledge".</summary>
public static class KnowledgeTelemetry
{
    /// <summary>Meter and activity source name.</summary>
    public const string Name = "PAI.Knowledge";

    /// <summary>Spans: one per graph write, query, note index and forget.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Facts written (new or confirming a current one).</summary>
    public static readonly Counter<long> FactsAsserted = Meter.CreateCounter<long>("pai.knowledge.facts.asserted", unit: "{fact}", description: "Facts written to the graph");

    /// <summary>Conflicts settled on single-valued predicates, by kind.</summary>
    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("pai.knowledge.facts.conflicts", unit: "{conflict}", description: "Single-valued facts that closed or were cut short by another");

    /// <summary>Entities merged into an older one by name similarity.</summary>
    public static readonly Counter<long> EntitiesMerged = Meter.CreateCounter<long>("pai.knowledge.entities.merged", unit: "{entity}", description: "Entities merged by name embedding similarity");

    /// <summary>Notes indexed (written, edited or found at start-up) and removed.</summary>
    public static readonly Counter<long> NotesIndexed = Meter.CreateCounter<long>("pai.knowledge.notes.indexed", unit: "{note}", description: "Notes indexed or removed from the index, by change");

    /// <summary>Extractions given up after their bounded attempts (the episode is written without the model's facts), by reason.</summary>
    public static readonly Counter<long> ExtractionFailures = Meter.CreateCounter<long>("pai.knowledge.extraction.failures", unit: "{extraction}", description: "Model extractions given up after their bounded attempts, by reason");

    /// <summary>Graph query time, by kind (entity, path, changes).</summary>
    public static readonly Histogram<double> QueryDuration = Meter.CreateHistogram<double>("pai.knowledge.query.duration", unit: "ms", description: "Graph query time, by kind");
}
