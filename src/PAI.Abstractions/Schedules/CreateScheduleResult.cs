namespace PAI.Abstractions.Schedules;

/// <summary>The answer to creating a schedule.</summary>
/// <param name="Outcome">Accepted; Duplicate (same idempotency key and body); Conflict (same key, other body); Invalid (refused, see <paramref name="Error"/>).</param>
/// <param name="View">The schedule (for Accepted and Duplicate).</param>
/// <param name="Error">Why it was refused.</param>
[GenerateSerializer, Immutable]
public sealed record CreateScheduleResult(
    [property: Id(0)] Goals.SubmitOutcome Outcome,
    [property: Id(1)] ScheduleView? View,
    [property: Id(2)] string? Error = null);
