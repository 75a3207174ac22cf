using Microsoft.Extensions.Logging;
using PAI.Abstractions.Audit;

namespace PAI.Engine.Grains;

/// <summary>
/// The one place that appends goals' audit entries. A failed append is logged, not thrown: the transition it records is
/// durable already, and the answer to the caller must not say otherwise.
/// </summary>
public sealed partial class GoalAuditWriter(IAuditStore audit, ILogger<GoalAuditWriter> logger)
{
    /// <summary>Appends the entries in order.</summary>
    public async Task AppendAsync(IReadOnlyList<AuditRecord> entries)
    {
        foreach (var entry in entries)
        {
            try
            {
                await audit.AppendAsync(entry, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogAppendFailed(logger, ex, entry.GoalId, entry.Kind);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Goal {GoalId}: appending a {Kind} audit entry failed")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, string? goalId, string kind);
}
