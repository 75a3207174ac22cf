using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Engine.Planning;
using PAI.Engine.Skills;
using PAI.Engine.Tools;
using static PAI.Engine.Tests.Testing.Goals;

namespace PAI.Engine.Tests.Planning;

public sealed class PlannerGrainTests
{
    private static readonly ToolRegistry Tools = new([new EchoTool(), new FileWriteTool(new AppendJournal(TimeProvider.System)), new FileReadTool()]);

    private static readonly SkillCatalog Skills = new(Options.Create(new EngineOptions()), NullLogger<SkillCatalog>.Instance);

    private static PlanResult Plan(params StepSpec[] steps) =>
        PlannerGrain.Plan(new GoalSubmission("t", null, null, null, new PlanSpec(steps), null), Tools, Skills);

    private static void AssertError(PlanResult result, string path, string fragment)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Plan);
        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_ValidDag_ReturnsThePlanUnchanged()
    {
        var steps = new[]
        {
            Step("a", "echo", new JsonObject { ["x"] = 1 }),
            Step("b", "echo", new JsonObject { ["y"] = "${steps.a.output.x}" }, ["a"]),
            Step("c", "echo", new JsonObject { ["z"] = "${steps.a.output.x} and ${steps.b.output.y}" }, ["b"]),
        };

        var result = Plan(steps);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Equal(steps, result.Plan!.Steps);
    }

    [Fact]
    public void Plan_DuplicateStepIds_ReportsTheDuplicate()
    {
        var result = Plan(Step("a", "echo"), Step("a", "echo"));

        AssertError(result, "plan.steps[1].id", "duplicate step id 'a'");
    }

    [Fact]
    public void Plan_UnknownTool_ReportsTheTool()
    {
        var result = Plan(Step("a", "rm.rf"));

        AssertError(result, "plan.steps[0].tool", "unknown tool 'rm.rf'");
    }

    [Fact]
    public void Plan_DependsOnMissingStep_ReportsTheMissingDependency()
    {
        var result = Plan(Step("a", "echo"), Step("b", "echo", dependsOn: ["a", "ghost"]));

        AssertError(result, "plan.steps[1].dependsOn[1]", "depends on 'ghost'");
    }

    [Fact]
    public void Plan_StepDependsOnItself_ReportsTheSelfDependency()
    {
        var result = Plan(Step("a", "echo", dependsOn: ["a"]));

        AssertError(result, "plan.steps[0].dependsOn[0]", "depends on itself");
    }

    [Fact]
    public void Plan_DependencyCycle_ReportsTheStepsOnTheCycle()
    {
        var result = Plan(
            Step("a", "echo", dependsOn: ["c"]),
            Step("b", "echo", dependsOn: ["a"]),
            Step("c", "echo", dependsOn: ["b"]),
            Step("free", "echo"));

        AssertError(result, "plan.steps", "dependency cycle through: a, b, c");
    }

    [Fact]
    public void Plan_MoreThanMaxSteps_IsRefused()
    {
        var steps = Enumerable.Range(0, PlanSpec.MaxSteps + 1).Select(i => Step($"s{i}", "echo")).ToArray();

        var result = Plan(steps);

        AssertError(result, "plan.steps", $"at most {PlanSpec.MaxSteps} steps");
    }

    [Fact]
    public void Plan_ExactlyMaxSteps_IsAccepted()
    {
        var steps = Enumerable.Range(0, PlanSpec.MaxSteps).Select(i => Step($"s{i}", "echo", dependsOn: i == 0 ? [] : [$"s{i - 1}"])).ToArray();

        var result = Plan(steps);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Plan_ReferenceToNonAncestor_ReportsTheReference()
    {
        var result = Plan(
            Step("a", "echo"),
            Step("b", "echo"),
            Step("c", "echo", new JsonObject { ["v"] = "${steps.b.output}" }, ["a"]));

        AssertError(result, "plan.steps[2].with", "reads step 'b', which 'c' does not depend on");
    }

    [Fact]
    public void Plan_ReferenceToTransitiveAncestor_IsAccepted()
    {
        var result = Plan(
            Step("a", "echo"),
            Step("b", "echo", dependsOn: ["a"]),
            Step("c", "echo", new JsonObject { ["v"] = "${steps.a.output}" }, ["b"]));

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Plan_ReferenceToUnknownStep_ReportsTheReference()
    {
        var result = Plan(Step("a", "echo", new JsonObject { ["v"] = "${steps.nope.output}" }));

        AssertError(result, "plan.steps[0].with", "names step 'nope'");
    }

    [Fact]
    public void Plan_MalformedReference_ReportsTheExpression()
    {
        var result = Plan(Step("a", "echo", new JsonObject { ["v"] = "${env.HOME}" }));

        AssertError(result, "plan.steps[0].with", "'${env.HOME}' is not a reference");
    }

    [Theory]
    [InlineData("${inputs.a[99999999999]}", "index 99999999999 is out of range (0 to 2147483647)")]
    [InlineData("${inputs.a[2147483648]}", "index 2147483648 is out of range")]
    [InlineData("${inputs.a[5]}", "'${inputs.a[5]}' names a value that does not exist: inputs.a has 1 item(s), so [5] is out of range")]
    [InlineData("${inputs.b}", "'${inputs.b}' names a value that does not exist: inputs has no field 'b'")]
    [InlineData("${steps.x}", "'${steps.x}' is not a reference")]
    [InlineData("${ steps . a . output", "is not closed")]
    public void Plan_BadInputReference_IsRefusedAtSubmit(string reference, string fragment)
    {
        var submission = new GoalSubmission("t", null, null, """{"a":[1]}""", new PlanSpec([Step("a", "echo"), Step("b", "echo", new JsonObject { ["v"] = reference }, ["a"])]), null);

        var result = PlannerGrain.Plan(submission, Tools, Skills);

        AssertError(result, "plan.steps[1].with", fragment);
    }

    [Fact]
    public void Plan_HostileReference_IsRefusedWithAShortMessage()
    {
        var result = Plan(Step("a", "echo", new JsonObject { ["t"] = "${" + new string(' ', 12 * 1024) }));

        AssertError(result, "plan.steps[0].with", "'${' at character 1 is not closed");
        Assert.True(result.Errors.Single().Message.Length < 300);
    }

    [Fact]
    public void Plan_UnknownSkill_ReportsTheSkill()
    {
        var result = PlannerGrain.Plan(new GoalSubmission("t", null, "no-such-skill", null, null, null), Tools, Skills);

        AssertError(result, "skill", "unknown skill 'no-such-skill'");
    }

    [Fact]
    public void Plan_BuiltInSkillWithInputs_BecomesOneSkillStep()
    {
        var result = PlannerGrain.Plan(new GoalSubmission("t", null, "write-note", """{"name":"n","body":"b"}""", null, null), Tools, Skills);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Message)));
        var step = Assert.Single(result.Plan!.Steps);
        Assert.Equal("write-note", step.Skill);
    }
}
