using System.ComponentModel;
using PAI.Abstractions.Audit;

namespace PAI.Host.Apis.Models;

/// <summary>One audit log entry as <c>GET /api/audit</c> lists it.</summary>
public sealed record AuditEntryResponse(
    [property: Description("1-based, gap-free position in the log.")] long Sequence,
    DateTimeOffset At,
    [property: Description("What happened, e.g. 'goal.submitted', 'tool.called', 'step.approved'.")] string Kind,
    [property: Description("Who acted.")] string Principal,
    string? GoalId,
    string? StepId,
    string? Agent,
    string? Tool,
    [property: Description("SHA-256 (hex) of the tool call's arguments; the arguments are not kept.")] string? ArgumentsDigest,
    string? Outcome,
    string? Detail,
    [property: Description("The hash of the entry before (64 zeros for the first).")] string PreviousHash,
    [property: Description("SHA-256 over the previous hash and this entry's fields.")] string Hash)
{
    /// <summary>From the stored entry.</summary>
    public static AuditEntryResponse From(AuditEntry e) => new(
        e.Sequence, e.At, e.Record.Kind, e.Record.Principal, e.Record.GoalId, e.Record.StepId, e.Record.Agent, e.Record.Tool,
        e.Record.ArgumentsDigest, e.Record.Outcome, e.Record.Detail, e.PreviousHash, e.Hash);
}
