namespace PAI.Schedules;

/// <summary>Options of schedules (<c>Pai:Schedules</c>).</summary>
public sealed class ScheduleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Schedules";

    /// <summary>
    /// A fire time older than this when it is reached counts as missed (see <c>MisfirePolicy</c>); younger ones run late,
    /// each of them (a short stall does not lose fires).
    /// </summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The period of each schedule's Orleans reminder, the durable wake-up that reactivates a schedule after a crash or
    /// a failover (a grain timer fires on time while the grain is active). At least Orleans' minimum reminder period
    /// (<c>ReminderOptions.MinimumReminderPeriod</c>, one minute by default).
    /// </summary>
    public TimeSpan WakeReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a queued fire checks whether the previous goal has finished.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How soon a schedule tries again after its store or a goal grain failed.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many schedules one principal may have.</summary>
    public int MaxPerPrincipal { get; set; } = 100;

    /// <summary>How many fires each schedule remembers.</summary>
    public int HistoryLength { get; set; } = 50;

    /// <summary>How many next fire times a view shows.</summary>
    public int NextCount { get; set; } = 5;
}
