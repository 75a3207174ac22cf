using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;

namespace PAI.Engine.Guardrails;

/// <summary>
/// Every tool call goes through here: the agent's allow-list (refused calls are audited), the tool's rate limit
/// (cluster-wide, through <see cref="IRateLimiterGrain"/>), the output cap, and one audit entry per call with the
/// SHA-256 digest of its arguments and its outcome.
/// </summary>
public sealed partial class ToolGuard(
    IAgentCatalog agents,
    IAuditStore audit,
    IGrainFactory grains,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<ToolGuard> logger)
{
    /// <summary>Calls the tool within the guardrails; throws <see cref="ToolException"/> for a refusal.</summary>
    public async Task<JsonNode?> CallAsync(ToolCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var descriptor = call.Tool.Descriptor;
        var context = call.Context;
        var arguments = context.Input.ToJsonString();
        AuditRecord Record(string kind, string outcome, string? detail) => new(
            kind, context.Principal, context.GoalId, context.IdempotencyKey[(context.GoalId.Length + 1)..], call.Agent, descriptor.Name, AuditChain.Digest(arguments), outcome, detail);

        if (!agents.TryGet(call.Agent, out var agent))
        {
            await audit.AppendAsync(Record(AuditKinds.Refusal, "refused", $"unknown agent '{call.Agent}'"), CancellationToken.None);
            throw new ToolException($"unknown agent '{call.Agent}'");
        }

        if (!agent.Allows(descriptor.Name))
        {
            var message = $"agent '{agent.Name}' may not call tool '{descriptor.Name}': it is not on the agent's allow-list";
            LogRefused(logger, context.GoalId, context.IdempotencyKey, message);
            await audit.AppendAsync(Record(AuditKinds.Refusal, "refused", message), CancellationToken.None);
            throw new ToolException(message);
        }

        if (descriptor.RateLimit is { } limit)
        {
            await AcquireAsync(descriptor.Name, limit, context, Record, cancellationToken);
        }

        JsonNode? output;
        try
        {
            output = await call.Tool.InvokeAsync(context, cancellationToken);
        }
        catch (Exception ex)
        {
            var outcome = ex is OperationCanceledException ? "cancelled" : "failed";
            await audit.AppendAsync(Record(AuditKinds.ToolCall, outcome, Truncate(ex.Message)), CancellationToken.None);
            throw;
        }

        var cap = descriptor.MaxOutputBytes ?? options.Value.MaxStepOutputBytes;
        var size = output is null ? 4 : Encoding.UTF8.GetByteCount(output.ToJsonString());
        if (size > cap)
        {
            var message = $"output of {size} bytes exceeds tool '{descriptor.Name}''s cap of {cap} bytes";
            await audit.AppendAsync(Record(AuditKinds.ToolCall, "failed", message), CancellationToken.None);
            throw new ToolException(message);
        }

        await audit.AppendAsync(Record(AuditKinds.ToolCall, "ok", null), CancellationToken.None);
        return output;
    }

    private async Task AcquireAsync(string tool, ToolRateLimit limit, ToolContext context, Func<string, string, string?, AuditRecord> record, CancellationToken cancellationToken)
    {
        var key = limit.PerPrincipal ? $"{tool}|{context.Principal}" : tool;
        var bucket = grains.GetGrain<IRateLimiterGrain>(key);
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
                await audit.AppendAsync(record(AuditKinds.Refusal, "rate-limited", message), CancellationToken.None);
                throw new ToolException(message);
            }

            // Delay mode: wait for the bucket to refill, within the attempt's own timeout.
            var wait = decision.RetryAfter < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : decision.RetryAfter;
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: refused tool call {Key}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string goalId, string key, string reason);
}
