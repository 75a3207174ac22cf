namespace PAI.Engine.Skills;

/// <summary>One item of an expanded skill run.</summary>
/// <param name="Key">Unique in the run; part of the idempotency key <c>{goal}/{step}/{key}[/{i}]</c>.</param>
/// <param name="Scope">The key prefix of the (sub-)skill it belongs to: "" for the top skill, <c>phase.</c> inside a sub-skill.</param>
/// <param name="Phase">The phase.</param>
/// <param name="SubSkill">For sub-skill enter/exit items: the sub-skill.</param>
public sealed record SkillRunItem(string Key, string Scope, SkillPhase Phase, SkillDefinition? SubSkill);
