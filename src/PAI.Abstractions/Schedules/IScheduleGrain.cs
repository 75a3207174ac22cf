namespace PAI.Abstractions.Schedules;

/// <summary>
/// One schedule, keyed by schedule id: fires its goal at each fire time, exactly once per fire time (the goal's id is
/// derived from the schedule id and the fire time, so a repeated fire finds the same goal). Durable on an Orleans
/// reminder; a grain timer gives the precision.
/// </summary>
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Stores the schedule and starts it; with the same <paramref name="bodyDigest"/> again, answers Duplicate.</summary>
    Task<CreateScheduleResult> CreateAsync(string owner, ScheduleDefinition definition, string bodyDigest);

    /// <summary>The schedule, or null when none exists (or it was deleted). Answered between the steps of a fire.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<ScheduleView?> GetAsync();

    /// <summary>Stops firing until resumed; fire times while paused are skipped. Null when none exists.</summary>
    Task<ScheduleView?> PauseAsync(string actor);

    /// <summary>Fires again from the next fire time after now. Null when none exists.</summary>
    Task<ScheduleView?> ResumeAsync(string actor);

    /// <summary>Deletes the schedule (goals it submitted stay); false when none exists.</summary>
    Task<bool> DeleteAsync(string actor);

    /// <summary>Makes sure an existing schedule's reminder and timer are in place (called by the start-up scan).</summary>
    Task WakeAsync();
}
