using PAI.Abstractions.Schedules;

namespace PAI.Schedules;

/// <summary>A schedule grain's persisted state.</summary>
[GenerateSerializer]
public sealed class ScheduleState
{
    /// <summary>Whoever's goals it submits; null until created.</summary>
    [Id(0)]
    public string? Owner { get; set; }

    /// <summary>When and what.</summary>
    [Id(1)]
    public ScheduleDefinition? Definition { get; set; }

    /// <summary>SHA-256 of the creating request (idempotent creation).</summary>
    [Id(2)]
    public string? BodyDigest { get; set; }

    /// <summary>When it was made.</summary>
    [Id(3)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>True while paused.</summary>
    [Id(4)]
    public bool Paused { get; set; }

    /// <summary>True once deleted (a tombstone: a late reminder or call finds nothing to do).</summary>
    [Id(5)]
    public bool Deleted { get; set; }

    /// <summary>Where the schedule is.</summary>
    [Id(6)]
    public ScheduleProgress? Progress { get; set; }

    /// <summary>The latest fires, newest first (bounded).</summary>
    [Id(7)]
    public List<ScheduleFire> Recent { get; set; } = [];

    /// <summary>True for a schedule that exists and is not deleted.</summary>
    public bool Exists => Owner is not null && Definition is not null && Progress is not null && !Deleted;
}
