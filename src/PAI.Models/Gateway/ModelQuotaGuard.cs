using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Models;
using PAI.Abstractions.Principals;

namespace PAI.Models.Gateway;

/// <summary>
/// The principals' model token quota at the gateway: before a call made for a principal, its quota is asked, and a
/// principal at or over it has the call refused for good (not retryable: waiting inside a step would only hold it for
/// hours), with a <c>model.refused</c> audit entry; after an answered call its tokens are added to the principal's
/// count. Nothing is checked where no <see cref="IModelTokenQuota"/> is hosted or the call names no principal.
/// </summary>
internal sealed partial class ModelQuotaGuard(IModelTokenQuota? quota, IAuditStore? audit, ILogger logger)
{
    /// <summary>Throws a non-retryable <see cref="ModelCallException"/> naming the quota when the principal is over it.</summary>
    public async Task CheckAsync(ModelRoute route, ModelCallContext context, CancellationToken cancellationToken)
    {
        if (quota is null || context.Principal is not { } principal)
        {
            return;
        }

        if (await quota.CheckAsync(principal, cancellationToken) is not { } refusal)
        {
            return;
        }

        ModelTelemetry.QuotaRefusals.Add(1, new TagList { { "model", route.Model }, { "principal", principal }, { "purpose", context.Purpose } });
        LogRefused(logger, principal, context.GoalId, context.Purpose, refusal.Message);
        if (audit is not null)
        {
            try
            {
                await audit.AppendAsync(
                    new AuditRecord(AuditKinds.ModelRefused, principal, context.GoalId, context.StepId, context.Agent, context.Purpose, Outcome: "refused", Detail: refusal.Message),
                    CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAuditFailed(logger, ex, principal, context.GoalId);
            }
        }

        throw new ModelCallException($"model token quota exceeded: {refusal.Message}", retryable: false) { QuotaExceeded = true };
    }

    /// <summary>Adds an answered call's tokens to the principal's count; a count that fails is logged (the answer is not
    /// thrown away for it).</summary>
    public async Task RecordAsync(ModelCallContext context, ModelUsage usage)
    {
        if (quota is null || context.Principal is not { } principal || usage.TotalTokens <= 0)
        {
            return;
        }

        try
        {
            await quota.RecordAsync(principal, usage.TotalTokens, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecordFailed(logger, ex, principal, usage.TotalTokens);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model call for principal {Principal} (goal {GoalId}, {Purpose}) refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string principal, string? goalId, string purpose, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit log did not take a model.refused entry for principal {Principal} (goal {GoalId})")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string principal, string? goalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting {Tokens} model tokens against principal {Principal}'s quota failed")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string principal, long tokens);
}
