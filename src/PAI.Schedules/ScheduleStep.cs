using PAI.Abstractions.Schedules;

namespace PAI.Schedules;

/// <summary>What the machine decided: the new progress, a fire to submit now (if any), history to record, and when to wake next.</summary>
/// <param name="Progress">The new progress (persist it before submitting).</param>
/// <param name="Submit">The fire time whose goal to submit now.</param>
/// <param name="Records">Skips and queueings to add to the history.</param>
/// <param name="NextWake">When something is next due (a fire time, or a check of the previous goal for a queued fire); null when nothing ever is.</param>
public sealed record ScheduleStep(ScheduleProgress Progress, DateTimeOffset? Submit, IReadOnlyList<ScheduleFire> Records, DateTimeOffset? NextWake);
