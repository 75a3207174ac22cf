using PAI.Abstractions.Goals;
using PAI.Abstractions.Principals;

namespace PAI.Principals.Tests;

public sealed class ApiKeyScopesTests
{
    [Fact]
    public void TryCreate_ToolsAndSkills_FormatsSortedAndParsesBackEqual()
    {
        var scopes = ApiKeyScopes.TryCreate(["tool:wait", "skill:papers", "tool:echo", "tool:echo"], out var error)!;

        Assert.Null(error);
        Assert.Equal("skill:papers tool:echo tool:wait", scopes.Format());
        Assert.Equal(scopes.Format(), ApiKeyScopes.Parse(scopes.Format()).Format());
        Assert.True(scopes.AllowsTool("echo"));
        Assert.False(scopes.AllowsTool("file.write"));
        Assert.True(scopes.AllowsSkill("papers"));
        Assert.False(scopes.AllowsSkill("echo"));
    }

    [Theory]
    [InlineData("shell:rm")]
    [InlineData("tool:")]
    [InlineData("tool:has space")]
    [InlineData("tool:a/b")]
    [InlineData("Tool:echo")]
    public void TryCreate_MalformedScope_ReturnsNullWithTheScopeInTheError(string scope)
    {
        Assert.Null(ApiKeyScopes.TryCreate(["tool:echo", scope], out var error));
        Assert.Contains("is not a scope", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_EmptyOrTooMany_IsRefused()
    {
        Assert.Null(ApiKeyScopes.TryCreate([], out _));
        Assert.Null(ApiKeyScopes.TryCreate(Enumerable.Range(0, ApiKeyScopes.MaxCount + 1).Select(i => $"tool:t{i}").ToList(), out _));
        Assert.Null(ApiKeyScopes.TryCreate([$"tool:{new string('a', ApiKeyScopes.MaxNameLength + 1)}"], out _));
    }

    [Fact]
    public void Parse_NullOrEmpty_IsUnrestricted()
    {
        Assert.True(ApiKeyScopes.Parse(null).IsUnrestricted);
        Assert.True(ApiKeyScopes.Parse("").AllowsTool("anything"));
        Assert.Null(ApiKeyScopes.Unrestricted.Format());
    }

    [Fact]
    public void Refusals_PlanWithOneToolOutOfScope_NamesThatStep()
    {
        var scopes = ApiKeyScopes.TryCreate(["tool:echo", "skill:papers"], out _)!;
        var plan = new PlanSpec([
            new StepSpec("a", "echo", null, null, []),
            new StepSpec("b", "file.write", null, null, []),
            new StepSpec("c", null, "papers", null, []),
            new StepSpec("d", null, "other", null, []),
        ]);

        var refusals = scopes.Refusals(new GoalSubmission("t", null, null, null, plan, null));

        Assert.Equal(["plan.steps[1].tool", "plan.steps[3].skill"], refusals.Select(r => r.Path));
    }

    [Fact]
    public void Refusals_SkillGoal_InScopeOrNot()
    {
        var scopes = ApiKeyScopes.TryCreate(["skill:papers"], out _)!;

        Assert.Empty(scopes.Refusals(new GoalSubmission("t", null, "papers", null, null, null)));
        Assert.Equal("skill", Assert.Single(scopes.Refusals(new GoalSubmission("t", null, "other", null, null, null))).Path);
    }

    [Fact]
    public void Refusals_FreeFormGoalWithScopes_IsRefused_WithoutScopes_IsAllowed()
    {
        var free = new GoalSubmission("summarise papers", null, null, null, null, null);

        Assert.Equal("plan", Assert.Single(ApiKeyScopes.TryCreate(["tool:echo"], out _)!.Refusals(free)).Path);
        Assert.Empty(ApiKeyScopes.Unrestricted.Refusals(free));
    }
}
