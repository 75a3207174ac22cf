using System.Globalization;

namespace PAI.Engine.Invocation;

/// <summary>The idempotency keys of tool calls: every key starts with <c>{goal}/{step}</c>, so the audit log and the
/// tools can tell which step a call belongs to.</summary>
public static class IdempotencyKeys
{
    /// <summary>A plan step's own call: <c>{goal}/{step}</c>.</summary>
    public static string ForStep(string goalId, string stepId) => goalId + "/" + stepId;

    /// <summary>A skill phase's call: <c>{goal}/{step}/{phase}</c> (the phase key may end in <c>/{i}</c> for a <c>foreach</c> element).</summary>
    public static string ForPhase(string goalId, string stepId, string phaseKey) => ForStep(goalId, stepId) + "/" + phaseKey;

    /// <summary>An agent's function call: <c>{goal}/{step}/{scope}/turn-{n}/{callId}</c>.</summary>
    public static string ForFunctionCall(string goalId, string stepId, string scope, int turn, string callId) =>
        ForPhase(goalId, stepId, scope) + "/turn-" + turn.ToString(CultureInfo.InvariantCulture) + "/" + callId;

    /// <summary>The key without its goal: <c>{step}[/...]</c>, as the audit log records it.</summary>
    public static string WithinGoal(string goalId, string key) =>
        key.StartsWith(goalId + "/", StringComparison.Ordinal) ? key[(goalId.Length + 1)..] : key;
}
