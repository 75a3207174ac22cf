using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PAI.Models;

/// <summary>
/// Model usage as OpenTelemetry signals: meter and activity source "PAI.Models" (exported by PAI.ServiceDefaults, which
/// listens to "PAI.*"). Tags: <c>model</c>, <c>endpoint</c>, <c>agent</c>, <c>principal</c>, <c>purpose</c>; per-goal
/// totals are stored on the goal instead (a goal id would make every series unique).
/// </summary>
public static class ModelTelemetry
{
    /// <summary>Meter and activity source name.</summary>
    public const string Name = "PAI.Models";

    /// <summary>Spans: one per model call.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Model calls that got an answer.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("pai.models.calls", description: "Model calls answered, by model, endpoint, agent, principal and purpose");

    /// <summary>Model calls that failed after their retries.</summary>
    public static readonly Counter<long> Failures = Meter.CreateCounter<long>("pai.models.failures", description: "Model calls that failed after their retries");

    /// <summary>Retried attempts (429, 5xx, timeouts, network errors).</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("pai.models.retries", description: "Model call attempts retried, by endpoint and reason");

    /// <summary>Prompt tokens.</summary>
    public static readonly Counter<long> InputTokens = Meter.CreateCounter<long>("pai.models.tokens.input", unit: "{token}", description: "Prompt tokens");

    /// <summary>Completion tokens.</summary>
    public static readonly Counter<long> OutputTokens = Meter.CreateCounter<long>("pai.models.tokens.output", unit: "{token}", description: "Completion tokens");

    /// <summary>Model calls refused before they were made: the principal is at or over its model token quota.</summary>
    public static readonly Counter<long> QuotaRefusals = Meter.CreateCounter<long>("pai.models.quota_refusals", description: "Model calls refused by a principal's model token quota, by model, principal and purpose");

    /// <summary>Time from request to the end of the answer.</summary>
    public static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>("pai.models.call.duration", unit: "s", description: "Model call time, retries included");

    /// <summary>Time a call waited for its endpoint's concurrency limit or GPU lease.</summary>
    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>("pai.models.queue_wait", unit: "s", description: "Wait for an endpoint slot or GPU lease");
}
