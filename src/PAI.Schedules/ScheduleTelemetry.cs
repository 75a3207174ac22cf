using System.Diagnostics.Metrics;

namespace PAI.Schedules;

/// <summary>The schedules' OpenTelemetry signals: meter "PAI.Schedules" (exported by PAI.ServiceDefaults, which listens to "PAI.*").</summary>
public static class ScheduleTelemetry
{
    /// <summary>Meter name.</summary>
    public const string Name = "PAI.Schedules";

    private static readonly Meter Meter = new(Name);

    /// <summary>Fire times decided, tagged with <c>outcome</c> (submitted, skippedOverlap, skippedMisfire, skippedQuota, queued, refused).</summary>
    public static readonly Counter<long> Fires = Meter.CreateCounter<long>("pai.schedules.fires", unit: "{fire}", description: "Schedule fire times decided, by outcome");

    /// <summary>How late a goal was submitted after its fire time.</summary>
    public static readonly Histogram<double> FireDelay = Meter.CreateHistogram<double>("pai.schedules.fire_delay", unit: "s", description: "Fire time to goal submission");
}
