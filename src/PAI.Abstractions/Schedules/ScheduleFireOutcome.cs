namespace PAI.Abstractions.Schedules;

/// <summary>What became of one fire time.</summary>
[GenerateSerializer]
public enum ScheduleFireOutcome
{
    /// <summary>A goal was submitted for it.</summary>
    Submitted = 0,

    /// <summary>Skipped: the previous goal was still unfinished.</summary>
    SkippedOverlap = 1,

    /// <summary>Skipped: missed during downtime (see <see cref="MisfirePolicy"/>).</summary>
    SkippedMisfire = 2,

    /// <summary>Skipped: the owner's quota refused another goal.</summary>
    SkippedQuota = 3,

    /// <summary>Waiting for the previous goal to finish (<see cref="OverlapPolicy.Queue"/>).</summary>
    Queued = 4,

    /// <summary>The goal was refused when submitted (its template no longer plans, e.g. a skill was removed).</summary>
    Refused = 5,
}
