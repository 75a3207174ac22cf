using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Engine.Planning;
using PAI.Engine.Skills;
using PAI.Engine.Tools;
using static PAI.Engine.Tests.Testing.Goals;

namespace PAI.Engine.Tests.Planning;

/// <summary>Timeouts and retry policies outside the range the step pipeline can run are refused at submit, naming the field.</summary>
public sealed class PlannerLimitsTests
{
    private static readonly ToolRegistry Tools = new([new EchoTool()]);

    private static readonly SkillCatalog Skills = new(Options.Create(new EngineOptions()), NullLogger<SkillCatalog>.Instance);

    private static PlanResult Plan(StepSpec step) =>
        PlannerGrain.Plan(new GoalSubmission("t", null, null, null, new PlanSpec([step]), null), Tools, Skills);

    private static TimeSpan Duration(string text)
    {
        Assert.True(DurationParser.TryParse(text, out var value), text);
        return value;
    }

    [Theory]
    [InlineData("1ms")]
    [InlineData("9ms")]
    [InlineData("25h")]
    [InlineData("2d")]
    public void Plan_TimeoutOutOfRange_RefusesNamingTheTimeout(string timeout)
    {
        var result = Plan(Step("a", "echo", timeout: Duration(timeout)));

        Assert.Null(result.Plan);
        var error = Assert.Single(result.Errors);
        Assert.Equal("plan.steps[0].timeout", error.Path);
        Assert.Contains("timeout must be from 10ms to 24h", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10ms")]
    [InlineData("24h")]
    [InlineData("1d")]
    public void Plan_TimeoutAtTheBounds_IsAccepted(string timeout)
    {
        var result = Plan(Step("a", "echo", timeout: Duration(timeout)));

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    [Fact]
    public void Plan_BackoffOfTwoDays_RefusesNamingTheBackoff()
    {
        var result = Plan(Step("a", "echo", retry: new RetrySpec(3, Duration("2d"))));

        var error = Assert.Single(result.Errors);
        Assert.Equal("plan.steps[0].retry.backoff", error.Path);
        Assert.Contains("retry.backoff must be from 0 to 1d", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0ms")]
    [InlineData("1d")]
    public void Plan_BackoffAtTheBounds_IsAccepted(string backoff)
    {
        Assert.True(Plan(Step("a", "echo", retry: new RetrySpec(3, Duration(backoff)))).IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(int.MaxValue)]
    public void Plan_MaxAttemptsOutOfRange_RefusesNamingMaxAttempts(int maxAttempts)
    {
        var result = Plan(Step("a", "echo", retry: new RetrySpec(maxAttempts)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("plan.steps[0].retry.maxAttempts", error.Path);
        Assert.Contains("retry.maxAttempts must be from 1 to 100", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void Plan_MaxAttemptsAtTheBounds_IsAccepted(int maxAttempts)
    {
        Assert.True(Plan(Step("a", "echo", retry: new RetrySpec(maxAttempts))).IsValid);
    }
}
