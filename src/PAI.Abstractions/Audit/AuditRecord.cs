namespace PAI.Abstractions.Audit;

/// <summary>What a caller appends to the audit log; the store adds the sequence, time and hashes.</summary>
/// <param name="Kind">One of <see cref="AuditKinds"/>.</param>
/// <param name="Principal">Who acted (or on whose behalf a tool ran).</param>
/// <param name="GoalId">The goal, when there is one.</param>
/// <param name="StepId">The step (and phase, as <c>step/phase[/i]</c>), when there is one.</param>
/// <param name="Agent">The agent a tool call ran as.</param>
/// <param name="Tool">The tool called or refused.</param>
/// <param name="ArgumentsDigest">SHA-256 (hex) of the tool call's arguments as JSON; the arguments themselves are not kept.</param>
/// <param name="Outcome">Short outcome: <c>ok</c>, <c>failed</c>, <c>refused</c>, <c>approved</c>, ...</param>
/// <param name="Detail">A short free-text detail (an error message, a reason).</param>
[GenerateSerializer, Immutable]
public sealed record AuditRecord(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Principal,
    [property: Id(2)] string? GoalId = null,
    [property: Id(3)] string? StepId = null,
    [property: Id(4)] string? Agent = null,
    [property: Id(5)] string? Tool = null,
    [property: Id(6)] string? ArgumentsDigest = null,
    [property: Id(7)] string? Outcome = null,
    [property: Id(8)] string? Detail = null);
