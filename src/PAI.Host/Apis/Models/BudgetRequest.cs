using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>Limits on a goal's model work.</summary>
public sealed record BudgetRequest
{
    /// <summary>Model tokens (in + out) the goal may use, planning included.</summary>
    [Description("Model tokens (prompt + completion) the whole goal may use, planning included.")]
    public long? MaxTokens { get; init; }

    /// <summary>Model turns any one agent loop may take.</summary>
    [Description("Model turns any one agent loop of the goal may take.")]
    public int? MaxTurns { get; init; }

    /// <summary>How long after submission model work may go on, e.g. <c>30m</c>.</summary>
    [Description("How long after submission model work may go on, e.g. \"30m\".")]
    public string? Deadline { get; init; }
}
