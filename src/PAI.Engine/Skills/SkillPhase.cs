namespace PAI.Engine.Skills;

/// <summary>One phase of a skill (a main phase, a verify check, a commit item or a cleanup phase).</summary>
/// <param name="Id">Unique within the skill.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Tool">The tool (Tool kind, or a tool-based verify).</param>
/// <param name="With">Input template (JSON object text) with <c>${...}</c> expressions.</param>
/// <param name="Foreach">An expression naming a list: the phase runs once per item (<c>${item}</c>, <c>${index}</c>).</param>
/// <param name="DeferToCommit">True (<c>effect: publish</c>): an effect that leaves PAI; runs in the commit phase.</param>
/// <param name="Prompt">Prompt template (Prompt kind, Judge check).</param>
/// <param name="Skill">The sub-skill (Skill kind).</param>
/// <param name="Check">The check (Verify kind).</param>
/// <param name="RetryFrom">Verify: on failure, run again from this phase.</param>
/// <param name="MaxRetries">Verify: how often <paramref name="RetryFrom"/> may be used.</param>
/// <param name="Timeout">Per-attempt limit for this phase's tool call.</param>
/// <param name="Line">Line in the source file (for messages).</param>
/// <param name="Model">The model a prompt phase or judge check asks (an endpoint name or a model id: the phase's own
/// <c>model</c>, else the skill's); null: the agent's model, else the role's default.</param>
public sealed record SkillPhase(
    string Id,
    PhaseKind Kind,
    string? Tool = null,
    string? With = null,
    string? Foreach = null,
    bool DeferToCommit = false,
    string? Prompt = null,
    string? Skill = null,
    VerifyKind? Check = null,
    string? RetryFrom = null,
    int MaxRetries = 0,
    TimeSpan? Timeout = null,
    int Line = 0,
    string? Model = null);
