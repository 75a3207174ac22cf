namespace PAI.Abstractions.Goals;

/// <summary>One node of a plan: a tool or skill call with its inputs and dependencies.</summary>
/// <param name="Id">Unique within the plan.</param>
/// <param name="Tool">The tool to call (exactly one of Tool and Skill).</param>
/// <param name="Skill">The skill to run (exactly one of Tool and Skill).</param>
/// <param name="With">The inputs as a JSON object; strings may hold <c>${steps.x.output...}</c> and <c>${inputs.x}</c> references.</param>
/// <param name="DependsOn">Steps that must succeed before this one starts.</param>
/// <param name="Retry">Retry policy; <see cref="RetrySpec.Default"/> when null.</param>
/// <param name="Timeout">Limit for one attempt; the tool's default when null.</param>
/// <param name="Approval">Whether a person must approve the step before it runs.</param>
/// <param name="Agent">The agent the step runs as; the default agent when null.</param>
/// <param name="Task">What the agent is asked to do: a step with a task (and no tool or skill) runs the agent's
/// tool-calling loop; its text may hold <c>${...}</c> references.</param>
[GenerateSerializer, Immutable]
public sealed record StepSpec(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Tool,
    [property: Id(2)] string? Skill,
    [property: Id(3)] string? With,
    [property: Id(4)] IReadOnlyList<string> DependsOn,
    [property: Id(5)] RetrySpec? Retry = null,
    [property: Id(6)] TimeSpan? Timeout = null,
    [property: Id(7)] bool Approval = false,
    [property: Id(8)] string? Agent = null,
    [property: Id(9)] string? Task = null);
