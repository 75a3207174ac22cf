using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Guardrails;
using PAI.Engine.Invocation;
using PAI.Engine.Tests.Testing;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Invocation;

/// <summary>Each guardrail of the one tool invoker, driven with scripted tools (the cluster provides the rate-limiter grains).</summary>
[Collection(EngineClusterCollection.Name)]
public sealed class ToolInvokerTests(EngineClusterFixture fixture) : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "pai-invoker-tests", Guid.NewGuid().ToString("N"));
    private readonly InMemoryAuditStore _audit = new(TimeProvider.System);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    [Fact]
    public async Task InvokeAsync_UnknownTool_IsRefusedAndAudited()
    {
        var result = await Invoker().InvokeAsync(Call("no.such"), CancellationToken.None);

        Assert.Equal(ToolResultStatus.Refused, result.Status);
        Assert.Equal("unknown tool 'no.such'", result.Error);
        Assert.Equal(AuditKinds.Refusal, Assert.Single(await AuditAsync()).Record.Kind);
    }

    [Fact]
    public async Task InvokeAsync_ToolNotOnTheAgentsAllowList_IsRefusedWithoutRunning()
    {
        var tool = Returns("t.write", new JsonObject());

        var result = await Invoker(tool).InvokeAsync(Call("t.write") with { Agent = "reader" }, CancellationToken.None);

        Assert.Equal(ToolResultStatus.Refused, result.Status);
        Assert.Equal("agent 'reader' may not call tool 't.write': it is not on the agent's allow-list", result.Error);
        Assert.Equal(0, tool.Calls);
        Assert.Equal("refused", Assert.Single(await AuditAsync()).Record.Outcome);
    }

    [Fact]
    public async Task InvokeAsync_AllowListNamesThePermission_Runs()
    {
        var tool = new ScriptedTool(ScriptedTool.Describe("weather.get", permission: "net.weather"), (_, _) => Task.FromResult<JsonNode?>(1));

        var result = await Invoker(tool).InvokeAsync(Call("weather.get") with { Agent = "net" }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(1, tool.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ToolNeedsApproval_RunsOnlyWhenApproved()
    {
        var tool = new ScriptedTool(ScriptedTool.Describe("t.deploy", approval: true), (_, _) => Task.FromResult<JsonNode?>("done"));
        var invoker = Invoker(tool);

        var refused = await invoker.InvokeAsync(Call("t.deploy"), CancellationToken.None);
        var approved = await invoker.InvokeAsync(Call("t.deploy") with { Approved = true }, CancellationToken.None);

        Assert.Equal(ToolResultStatus.Refused, refused.Status);
        Assert.Contains("needs a person's approval", refused.Error, StringComparison.Ordinal);
        Assert.True(approved.Succeeded);
        Assert.Equal(1, tool.Calls);
    }

    [Theory]
    [InlineData("1ms")]
    [InlineData("9ms")]
    [InlineData("25h")]
    [InlineData("2d")]
    public async Task InvokeAsync_TimeoutOutOfRange_FailsClearlyWithoutRunning(string timeout)
    {
        Assert.True(DurationParser.TryParse(timeout, out var value));
        var tool = Returns("t.echo", new JsonObject());
        var declared = new ScriptedTool(ScriptedTool.Describe("t.declared", timeout: value), (_, _) => Task.FromResult<JsonNode?>(null));
        var invoker = Invoker(tool, declared);

        var fromCall = await invoker.InvokeAsync(Call("t.echo") with { Timeout = value }, CancellationToken.None);
        var fromTool = await invoker.InvokeAsync(Call("t.declared"), CancellationToken.None);

        Assert.All([fromCall, fromTool], r => Assert.Contains("timeout must be from 10ms to 24h", r.Error, StringComparison.Ordinal));
        Assert.Equal(0, tool.Calls + declared.Calls);
    }

    [Fact]
    public async Task InvokeAsync_BackoffOrAttemptsOutOfRange_FailsClearlyWithoutRunning()
    {
        var tool = Returns("t.echo", new JsonObject());
        var invoker = Invoker(tool);

        var backoff = await invoker.InvokeAsync(Call("t.echo") with { Retry = new RetrySpec(3, TimeSpan.FromDays(2)) }, CancellationToken.None);
        var attempts = await invoker.InvokeAsync(Call("t.echo") with { Retry = new RetrySpec(0) }, CancellationToken.None);

        Assert.Contains("retry.backoff must be from 0 to 1d", backoff.Error, StringComparison.Ordinal);
        Assert.Contains("retry.maxAttempts must be from 1 to 100", attempts.Error, StringComparison.Ordinal);
        Assert.Equal(0, tool.Calls);
    }

    [Fact]
    public async Task InvokeAsync_RetryableFailures_RetriesWithinTheBudgetAndCountsThemInTheLedger()
    {
        var tool = new ScriptedTool(ScriptedTool.Describe("t.flaky"), (context, _) =>
            context.Attempt < 3 ? throw new ToolException($"try {context.Attempt}", retryable: true) : Task.FromResult<JsonNode?>(context.Attempt));
        var ledger = new Ledger();

        var result = await Invoker(tool).InvokeAsync(Call("t.flaky") with { Retry = new RetrySpec(5, TimeSpan.Zero), Ledger = ledger }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(3, result.Attempts);
        Assert.Equal("3", result.OutputJson);
        Assert.Equal(["try 1", "try 2"], ledger.Errors);
        Assert.Equal(3, (await AuditAsync()).Count(e => e.Record.Kind == AuditKinds.ToolCall));
    }

    [Fact]
    public async Task InvokeAsync_BudgetSpentBeforeARestart_MakesOneAttemptOnly()
    {
        var tool = new ScriptedTool(ScriptedTool.Describe("t.flaky"), (_, _) => throw new ToolException("still failing", retryable: true));
        var ledger = new Ledger { FailedAttempts = 2 };

        var result = await Invoker(tool).InvokeAsync(Call("t.flaky") with { Retry = new RetrySpec(3, TimeSpan.Zero), Ledger = ledger, FirstAttempt = 3 }, CancellationToken.None);

        Assert.Equal(ToolResultStatus.Failed, result.Status);
        Assert.Equal("still failing", result.Error);
        Assert.Equal(1, tool.Calls);
        Assert.Equal(3, tool.Contexts[0].Attempt);
    }

    [Fact]
    public async Task InvokeAsync_NonRetryableFailure_IsNotRetried()
    {
        var tool = new ScriptedTool(ScriptedTool.Describe("t.fail"), (_, _) => throw new ToolException("bad input"));

        var result = await Invoker(tool).InvokeAsync(Call("t.fail") with { Retry = new RetrySpec(5, TimeSpan.Zero) }, CancellationToken.None);

        Assert.Equal("bad input", result.Error);
        Assert.Equal(1, tool.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ToolThrowsAnUnexpectedException_FailsWithItsTypeAndMessage()
    {
        var tool = new ScriptedTool(ScriptedTool.Describe("t.bug"), (_, _) => throw new InvalidCastException("a bug"));

        var result = await Invoker(tool).InvokeAsync(Call("t.bug"), CancellationToken.None);

        Assert.Equal(ToolResultStatus.Failed, result.Status);
        Assert.Equal("InvalidCastException: a bug", result.Error);
    }

    [Fact]
    public async Task InvokeAsync_AttemptRunsPastItsTimeout_FailsNamingTheLimit()
    {
        var tool = new ScriptedTool(ScriptedTool.Describe("t.slow"), async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return null;
        });

        var result = await Invoker(tool).InvokeAsync(Call("t.slow") with { Timeout = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);

        Assert.Equal(ToolResultStatus.Failed, result.Status);
        Assert.Equal("timed out after 00:00:00.0500000", result.Error);
    }

    [Fact]
    public async Task InvokeAsync_OutputOverTheCap_FailsWithOneLimitTheSmallerOfToolAndEngine()
    {
        var big = new JsonObject { ["text"] = new string('x', 2000) };
        var toolCapped = new ScriptedTool(ScriptedTool.Describe("t.small", maxOutputBytes: 100), (_, _) => Task.FromResult<JsonNode?>(big.DeepClone()));
        var engineCapped = new ScriptedTool(ScriptedTool.Describe("t.large", maxOutputBytes: 1_000_000), (_, _) => Task.FromResult<JsonNode?>(big.DeepClone()));
        var invoker = Invoker(new EngineOptions { DataDirectory = _data, MaxStepOutputBytes = 1000 }, toolCapped, engineCapped);

        var small = await invoker.InvokeAsync(Call("t.small"), CancellationToken.None);
        var large = await invoker.InvokeAsync(Call("t.large"), CancellationToken.None);

        var size = Encoding.UTF8.GetByteCount(big.ToJsonString());
        Assert.Equal($"output of {size} bytes exceeds tool 't.small''s cap of 100 bytes", small.Error);
        Assert.Equal($"output of {size} bytes exceeds tool 't.large''s cap of 1000 bytes", large.Error);
    }

    [Fact]
    public async Task InvokeAsync_GoalWorkspaceMissing_IsCreatedBeforeTheToolRuns()
    {
        var tool = new ScriptedTool(ScriptedTool.Describe("t.ls"), (context, _) => Task.FromResult<JsonNode?>(Directory.Exists(context.Workspace)));

        var result = await Invoker(tool).InvokeAsync(Call("t.ls"), CancellationToken.None);

        Assert.Equal("true", result.OutputJson);
        Assert.Equal(Path.Combine(_data, "workspaces", "g1"), tool.Contexts[0].Workspace);
    }

    [Fact]
    public async Task InvokeAsync_CallerCancels_ThrowsAndAuditsTheCancelledAttempt()
    {
        using var cancel = new CancellationTokenSource();
        var tool = new ScriptedTool(ScriptedTool.Describe("t.block"), async (_, ct) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return null;
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Invoker(tool).InvokeAsync(Call("t.block") with { Retry = new RetrySpec(3, TimeSpan.Zero) }, cancel.Token));

        Assert.Equal(1, tool.Calls);
        Assert.Equal("cancelled", Assert.Single(await AuditAsync()).Record.Outcome);
    }

    [Fact]
    public async Task InvokeAsync_RateLimitRefuses_FailsWith429AfterThePermits()
    {
        var name = "t.limited." + Guid.NewGuid().ToString("N");
        var tool = new ScriptedTool(
            ScriptedTool.Describe(name) with { RateLimit = new ToolRateLimit(1, TimeSpan.FromHours(1), PerPrincipal: false, Refuse: true) },
            (_, _) => Task.FromResult<JsonNode?>(null));
        var invoker = Invoker(tool);

        var first = await invoker.InvokeAsync(Call(name), CancellationToken.None);
        var second = await invoker.InvokeAsync(Call(name), CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.StartsWith("429 Too Many Requests", second.Error, StringComparison.Ordinal);
        Assert.Equal(1, tool.Calls);
    }

    private static ToolInvocation Call(string tool) => new(tool, new JsonObject { ["a"] = 1 }, "g1", "s1", "alice", IdempotencyKeys.ForStep("g1", "s1"));

    private static ScriptedTool Returns(string name, JsonNode output) => new(ScriptedTool.Describe(name), (_, _) => Task.FromResult<JsonNode?>(output.DeepClone()));

    private ToolInvoker Invoker(params ITool[] tools) => Invoker(new EngineOptions { DataDirectory = _data }, tools);

    private ToolInvoker Invoker(EngineOptions options, params ITool[] tools)
    {
        options.RetryJitter = false;
        options.AgentsDirectory = Path.Combine(_data, "agents");
        Directory.CreateDirectory(options.AgentsDirectory);
        File.WriteAllText(Path.Combine(options.AgentsDirectory, "default.yaml"), "name: default\ntools: [\"*\"]\n");
        File.WriteAllText(Path.Combine(options.AgentsDirectory, "reader.yaml"), "name: reader\ntools: [file.read]\n");
        File.WriteAllText(Path.Combine(options.AgentsDirectory, "net.yaml"), "name: net\ntools: [\"net.*\"]\n");
        var wrapped = Options.Create(options);
        return new ToolInvoker(
            new ToolRegistry(tools),
            new AgentCatalog(wrapped, NullLogger<AgentCatalog>.Instance),
            _audit,
            fixture.Grains,
            wrapped,
            TimeProvider.System,
            NullLogger<ToolInvoker>.Instance);
    }

    private Task<IReadOnlyList<AuditEntry>> AuditAsync() => _audit.QueryAsync(new AuditQuery());

    private sealed class Ledger : IRetryLedger
    {
        public int FailedAttempts { get; set; }

        public List<string> Errors { get; } = [];

        public Task RecordFailureAsync(string error)
        {
            FailedAttempts++;
            Errors.Add(error);
            return Task.CompletedTask;
        }
    }
}
