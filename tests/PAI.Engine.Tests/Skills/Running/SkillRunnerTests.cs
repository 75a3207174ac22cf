using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Invocation;
using PAI.Engine.Skills;
using PAI.Engine.Skills.Running;
using PAI.Engine.Tests.Testing;

namespace PAI.Engine.Tests.Skills.Running;

/// <summary>The skill runner without a grain: a host in memory, the silo's real tool invoker and test tools.</summary>
[Collection(EngineClusterCollection.Name)]
public sealed class SkillRunnerTests(EngineClusterFixture fixture) : IDisposable
{
    private const string ThreePhases = """
        name: three-phases
        description: Three phases, the second fails once.
        phases:
          - id: one
            tool: test.flaky
            with: { failures: 0 }
          - id: two
            tool: test.flaky
            with: { failures: 1 }
          - id: three
            tool: echo
            with: { two: "${phases.two.calls}" }
        cleanup:
          - id: bye
            tool: test.flaky
            with: {}
        output:
          calls: "${phases.three.two}"
        """;

    private const string Failing = """
        name: failing
        description: Fails in its first phase.
        phases:
          - id: boom
            tool: test.fail
            with: { message: "it broke" }
          - id: never
            tool: test.flaky
            with: {}
        cleanup:
          - id: bye
            tool: test.flaky
            with: {}
        """;

    private const string Prompting = """
        name: prompting
        description: Asks a model, which these tests do not have.
        phases:
          - id: ask
            prompt: "Say hello"
        """;

    private const string Blocking = """
        name: blocking
        description: Blocks until cancelled.
        phases:
          - id: hold
            tool: test.block
            with: {}
        cleanup:
          - id: bye
            tool: test.flaky
            with: {}
        """;

    private readonly string _skills = Path.Combine(Path.GetTempPath(), "pai-runner-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_skills, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    [Fact]
    public async Task RunAsync_FreshRun_RunsEveryPhaseSavingAfterEachAndSucceeds()
    {
        var (work, host) = Start("three-phases", retry: new RetrySpec(3, TimeSpan.Zero));

        var result = await Runner().RunAsync(work, host, CancellationToken.None);

        Assert.True(result.Status == StepStatus.Succeeded, result.Error);
        Assert.Equal("""{"calls":2}""", result.Output);
        Assert.Equal(SkillStage.Done, host.Run!.Stage);
        Assert.Equal(1, fixture.Probe.Invocations(Key(work, "one")));
        Assert.Equal(2, fixture.Probe.Invocations(Key(work, "two")));
        Assert.Equal(1, fixture.Probe.Invocations(Key(work, "bye")));
        Assert.Empty(host.Run.PhaseFailures);
        Assert.Contains(host.Saves, s => s.Contains("\"Index\":1", StringComparison.Ordinal));
        Assert.Contains(host.Saves, s => s.Contains("\"Index\":2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_PhaseFailsRetryably_CountsTheFailureInTheRunsStateBeforeTheNextAttempt()
    {
        var (work, host) = Start("three-phases", retry: new RetrySpec(3, TimeSpan.Zero));

        await Runner().RunAsync(work, host, CancellationToken.None);

        Assert.Contains(host.Saves, s => s.Contains("\"PhaseFailures\":{\"two\":1}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ResumedWithThePhaseBudgetSpent_GetsNoFreshRetriesAndSkipsFinishedPhases()
    {
        // A run that crashed in phase 'two' after one failed attempt of two: one attempt is left, and it fails too.
        var (work, host) = Start("three-phases", retry: new RetrySpec(2, TimeSpan.Zero));
        host.Run = Pin(work);
        host.Run.Index = 1;
        host.Run.Outputs["one"] = """{"calls":1}""";
        host.Run.PhaseFailures["two"] = 1;

        var result = await Runner().RunAsync(work, host, CancellationToken.None);

        Assert.Equal("phase 'two': flaky failure 1 of 1", result.Error);
        Assert.Equal(1, fixture.Probe.Invocations(Key(work, "two")));
        Assert.Equal(0, fixture.Probe.Invocations(Key(work, "one")));
    }

    [Fact]
    public async Task RunAsync_PhaseFails_FailsNamingThePhaseAndStillRunsCleanup()
    {
        var (work, host) = Start("failing");

        var result = await Runner().RunAsync(work, host, CancellationToken.None);

        Assert.Equal(StepStatus.Failed, result.Status);
        Assert.Equal("phase 'boom': it broke", result.Error);
        Assert.Equal(0, fixture.Probe.Invocations(Key(work, "never")));
        Assert.Equal(1, fixture.Probe.Invocations(Key(work, "bye")));
        Assert.Equal(SkillStage.Done, host.Run!.Stage);
    }

    [Fact]
    public async Task RunAsync_PromptPhaseWithoutAModel_FailsClearly()
    {
        var (work, host) = Start("prompting");

        var result = await Runner().RunAsync(work, host, CancellationToken.None);

        Assert.Equal("phase 'ask': phase 'ask' is a model prompt, but no model is configured (no 'llm.chat' tool)", result.Error);
    }

    [Fact]
    public async Task RunAsync_Cancelled_RunsCleanupAndEndsCancelled()
    {
        var (work, host) = Start("blocking");
        using var cancel = new CancellationTokenSource();

        var run = Runner().RunAsync(work, host, cancel.Token);
        await fixture.Probe.Entered(Key(work, "hold")).WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(StepStatus.Cancelled, result.Status);
        Assert.Equal(1, fixture.Probe.Invocations(Key(work, "bye")));
    }

    [Fact]
    public async Task RunAsync_HostMustStop_PausesWhereItIsWithoutCleanup()
    {
        var (work, host) = Start("blocking");
        using var stop = new CancellationTokenSource();

        var run = Runner().RunAsync(work, host, stop.Token);
        await fixture.Probe.Entered(Key(work, "hold")).WaitAsync(TimeSpan.FromSeconds(30));
        host.MustStop = true;
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal((SkillStage.Main, 0), (host.Run!.Stage, host.Run.Index));
        Assert.Equal(0, fixture.Probe.Invocations(Key(work, "bye")));
    }

    [Fact]
    public async Task RunAsync_UnknownSkill_FailsWithoutStartingARun()
    {
        var (work, host) = Start("three-phases");

        var result = await Runner().RunAsync(work with { Skill = "no-such-skill" }, host, CancellationToken.None);

        Assert.Equal("unknown skill 'no-such-skill'", result.Error);
        Assert.Null(host.Run);
    }

    private ToolInvoker Invoker => fixture.Services.GetRequiredService<ToolInvoker>();

    private static string Key(StepWork work, string phase) => IdempotencyKeys.ForPhase(work.GoalId, work.StepId, phase);

    private (StepWork Work, MemoryRunHost Host) Start(string skill, RetrySpec? retry = null) =>
        (new StepWork(Testing.Goals.NewId(), "s", null, "{}", retry ?? new RetrySpec(1), null, "tester", null, skill), new MemoryRunHost(Invoker));

    private SkillRunState Pin(StepWork work)
    {
        Assert.True(Catalog().TryGet(work.Skill!, out var skill));
        return new SkillRunState { Version = SkillRunState.CurrentVersion, Skill = skill.Name, SkillVersion = skill.Version, Sources = { [skill.Name] = skill.Text } };
    }

    private SkillCatalog Catalog()
    {
        Directory.CreateDirectory(_skills);
        File.WriteAllText(Path.Combine(_skills, "three-phases.yaml"), ThreePhases);
        File.WriteAllText(Path.Combine(_skills, "failing.yaml"), Failing);
        File.WriteAllText(Path.Combine(_skills, "prompting.yaml"), Prompting);
        File.WriteAllText(Path.Combine(_skills, "blocking.yaml"), Blocking);
        var options = fixture.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
        return new SkillCatalog(Options.Create(new EngineOptions { DataDirectory = options.DataDirectory, SkillsDirectory = _skills }), NullLogger<SkillCatalog>.Instance);
    }

    private SkillRunner Runner() => new(
        Catalog(),
        fixture.Services.GetRequiredService<IAgentCatalog>(),
        fixture.Services.GetRequiredService<IToolRegistry>(),
        fixture.Services.GetRequiredService<IAuditStore>(),
        fixture.Services.GetRequiredService<IOptions<EngineOptions>>(),
        [],
        NullLogger<SkillRunner>.Instance);
}
