using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PAI.Engine;

/// <summary>
/// The engine's OpenTelemetry signals: meter and activity source "PAI.Engine" (exported by PAI.ServiceDefaults, which
/// listens to "PAI.*"). Static like the BCL's own sources, so grains need no extra constructor parameter.
/// </summary>
public static class EngineTelemetry
{
    /// <summary>Meter and activity source name.</summary>
    public const string Name = "PAI.Engine";

    /// <summary>Spans: one per step attempt run.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Goals accepted.</summary>
    public static readonly Counter<long> GoalsSubmitted = Meter.CreateCounter<long>("pai.goals.submitted", description: "Goals accepted");

    /// <summary>Goals finished, tagged with status.</summary>
    public static readonly Counter<long> GoalsFinished = Meter.CreateCounter<long>("pai.goals.finished", description: "Goals finished, by status");

    /// <summary>Wall time from acceptance to a terminal status.</summary>
    public static readonly Histogram<double> GoalDuration = Meter.CreateHistogram<double>("pai.goal.duration", unit: "s", description: "Goal acceptance to finish");

    /// <summary>Steps finished, tagged with tool and status.</summary>
    public static readonly Counter<long> StepsFinished = Meter.CreateCounter<long>("pai.steps.finished", description: "Steps finished, by tool and status");

    /// <summary>Step retries, tagged with tool.</summary>
    public static readonly Counter<long> StepRetries = Meter.CreateCounter<long>("pai.steps.retries", description: "Step attempts after a failure, by tool");

    /// <summary>Duration of one step run (all attempts), tagged with tool.</summary>
    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>("pai.step.duration", unit: "s", description: "Step run time, by tool");

    /// <summary>Goals resumed by the resume scan.</summary>
    public static readonly Counter<long> GoalsResumed = Meter.CreateCounter<long>("pai.goals.resumed", description: "Unfinished goals poked by the resume scan");
}
