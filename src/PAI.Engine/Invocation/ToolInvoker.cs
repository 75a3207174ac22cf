using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using Polly;
using Polly.Retry;

namespace PAI.Engine.Invocation;

/// <summary>
/// The one path by which anything calls a tool: a plan step, a skill phase, an agent's function call, an MCP client.
/// Each guardrail lives here once: the agent's allow-list (by tool name or permission), approval, the valid range of
/// timeout and retries, the goal's workspace made ready, the rate limit (cluster-wide, per attempt), the per-attempt
/// timeout, retries with backoff (counted in the caller's ledger), the output cap, and one audit entry per attempt or
/// refusal. Failures come back as a <see cref="ToolResult"/>; only the caller's own cancellation throws.
/// </summary>
public sealed partial class ToolInvoker(
    IToolRegistry tools,
    IAgentCatalog agents,
    IAuditStore audit,
    IGrainFactory grains,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<ToolInvoker> logger)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>Calls the tool within every guardrail.</summary>
    public async Task<ToolResult> InvokeAsync(ToolInvocation call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var arguments = call.Input.ToJsonString();
        if (!tools.TryGet(call.Tool, out var tool))
        {
            return await RefuseAsync(call, arguments, $"unknown tool '{call.Tool}'");
        }

        var timeout = call.Timeout ?? tool.Descriptor.DefaultTimeout;
        if (CheckCall(call, tool.Descriptor, timeout) is { } refusal)
        {
            return await RefuseAsync(call, arguments, refusal);
        }

        // Every tool finds its goal's workspace ready (a GPU job or a process runs in it before anything wrote there).
        var workspace = options.Value.WorkspaceOf(call.GoalId);
        var ledger = call.Ledger ?? new TransientLedger();
        var checkpoint = call.Checkpoint ?? new TransientCheckpoint();
        var attempts = 0;
        try
        {
            Directory.CreateDirectory(workspace);
            var pipeline = BuildPipeline(call, ledger, timeout);

            // Continue on the caller's context: a grain's attempts, retry callbacks and checkpoint writes stay on its
            // activation, as Orleans requires; a caller without one continues on the thread pool.
            var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
            try
            {
                var (output, json) = await pipeline.ExecuteAsync(
                    async ctx =>
                    {
                        attempts++;
                        var attempt = new ToolContext(
                            call.GoalId, call.StepId, call.FirstAttempt + attempts - 1, call.IdempotencyKey,
                            (JsonObject)call.Input.DeepClone(), workspace, call.Principal, checkpoint);
                        return await AttemptAsync(call, tool, attempt, arguments, ctx.CancellationToken);
                    },
                    context);
                return ToolResult.Success(output, json, attempts);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Anything at all (a tool's bug, a pipeline that would not build) fails the call with a reason: a step never
            // hangs because an exception escaped where nobody reports it.
            return ToolResult.Failure(ToolFailures.Describe(ex), attempts);
        }
    }

    /// <summary>Why the call may not run at all, or null.</summary>
    private string? CheckCall(ToolInvocation call, ToolDescriptor descriptor, TimeSpan? timeout)
    {
        if (!agents.TryGet(call.Agent, out var agent))
        {
            return $"unknown agent '{call.Agent}'";
        }

        if (!agent.Allows(descriptor))
        {
            return $"agent '{agent.Name}' may not call tool '{descriptor.Name}': it is not on the agent's allow-list";
        }

        if (descriptor.Approval && !call.Approved)
        {
            return $"tool '{descriptor.Name}' needs a person's approval, and this call was not approved";
        }

        if (timeout is { } limit && InvocationLimits.CheckTimeout(limit) is { } badTimeout)
        {
            return $"tool '{descriptor.Name}': {badTimeout}";
        }

        return InvocationLimits.CheckRetry(call.Retry).FirstOrDefault() is { } badRetry ? $"tool '{descriptor.Name}': {badRetry}" : null;
    }

    private ResiliencePipeline BuildPipeline(ToolInvocation call, IRetryLedger ledger, TimeSpan? timeout)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        var remaining = call.Retry.MaxAttempts - 1 - ledger.FailedAttempts;
        if (remaining > 0)
        {
            var backoff = call.Retry.Backoff ?? RetrySpec.Default.Backoff!.Value;
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = remaining,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.Value.RetryJitter,
                Delay = backoff,
                MaxDelay = backoff > MaxRetryDelay ? backoff : MaxRetryDelay,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ToolFailures.IsRetryable),
                OnRetry = async args =>
                {
                    var error = args.Outcome.Exception is { } ex ? ToolFailures.Describe(ex) : "failed";
                    EngineTelemetry.StepRetries.Add(1, new KeyValuePair<string, object?>("tool", call.Tool));
                    LogRetry(logger, call.IdempotencyKey, call.Tool, args.RetryDelay, error);
                    await ledger.RecordFailureAsync(error);
                },
            });
        }

        if (timeout is { } limit)
        {
            builder.AddTimeout(limit);
        }

        return builder.Build();
    }

    /// <summary>One attempt: a permit from the rate limit, the call, the output cap, the audit entry.</summary>
    private async Task<(JsonNode? Output, string Json)> AttemptAsync(ToolInvocation call, ITool tool, ToolContext context, string arguments, CancellationToken cancellationToken)
    {
        var descriptor = tool.Descriptor;
        if (descriptor.RateLimit is { } limit)
        {
            await AcquireAsync(call, descriptor.Name, limit, arguments, cancellationToken);
        }

        JsonNode? output;
        try
        {
            output = await tool.InvokeAsync(context, cancellationToken);
        }
        catch (Exception ex)
        {
            var outcome = ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : "failed";
            await AppendAsync(call, AuditKinds.ToolCall, arguments, outcome, Truncate(ToolFailures.Describe(ex)));
            throw;
        }

        // One cap: the tool's own when it sets a smaller one, else the engine's (what a step's output may hold).
        var engineCap = options.Value.MaxStepOutputBytes;
        var cap = Math.Min(descriptor.MaxOutputBytes ?? engineCap, engineCap);
        var json = output?.ToJsonString() ?? "null";
        var size = Encoding.UTF8.GetByteCount(json);
        if (size > cap)
        {
            var message = $"output of {size} bytes exceeds tool '{descriptor.Name}''s cap of {cap} bytes";
            await AppendAsync(call, AuditKinds.ToolCall, arguments, "failed", message);
            throw new ToolException(message);
        }

        await AppendAsync(call, AuditKinds.ToolCall, arguments, "ok", null);
        return (output, json);
    }

    private async Task AcquireAsync(ToolInvocation call, string tool, ToolRateLimit limit, string arguments, CancellationToken cancellationToken)
    {
        var bucket = grains.GetGrain<IRateLimiterGrain>(limit.PerPrincipal ? $"{tool}|{call.Principal}" : tool);
        while (true)
        {
            var decision = await bucket.TryAcquireAsync(limit);
            if (decision.Acquired)
            {
                return;
            }

            if (limit.Refuse)
            {
                var message = $"429 Too Many Requests: tool '{tool}' allows {limit.Permits} call(s) per {limit.Window}{(limit.PerPrincipal ? " per principal" : "")}";
                await AppendAsync(call, AuditKinds.Refusal, arguments, "rate-limited", message);
                throw new ToolException(message);
            }

            // Delay mode: wait for the bucket to refill, within the attempt's own timeout.
            var wait = decision.RetryAfter < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : decision.RetryAfter;
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private async Task<ToolResult> RefuseAsync(ToolInvocation call, string arguments, string reason)
    {
        LogRefused(logger, call.GoalId, call.IdempotencyKey, reason);
        await AppendAsync(call, AuditKinds.Refusal, arguments, "refused", reason);
        return ToolResult.Refusal(reason);
    }

    private Task AppendAsync(ToolInvocation call, string kind, string arguments, string outcome, string? detail) =>
        audit.AppendAsync(
            new AuditRecord(kind, call.Principal, call.GoalId, IdempotencyKeys.WithinGoal(call.GoalId, call.IdempotencyKey), call.Agent, call.Tool, AuditChain.Digest(arguments), outcome, detail),
            CancellationToken.None);

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];

    /// <summary>Counts failures in memory, for a caller with no durable state.</summary>
    private sealed class TransientLedger : IRetryLedger
    {
        public int FailedAttempts { get; private set; }

        public Task RecordFailureAsync(string error)
        {
            FailedAttempts++;
            return Task.CompletedTask;
        }
    }
}
