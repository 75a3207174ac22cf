using Microsoft.Extensions.Logging;
using PAI.Abstractions.Knowledge;
using PAI.Memory.Memories;
using PAI.Memory.Notes;

namespace PAI.Memory;

/// <summary>
/// Forgets everything of a principal: its notes folder first (so nothing re-indexes them), then its episodes,
/// entities, facts and note records, then its memories (with their vectors and full-text rows).
/// </summary>
public sealed partial class KnowledgeForgetting(NotesService notes, IKnowledgeStore graph, MemoryService memories, ILogger<KnowledgeForgetting> logger)
{
    /// <summary>Deletes every note, graph row and memory of <paramref name="principal"/>; returns how many rows went (files not counted).</summary>
    public async Task<long> ForgetPrincipalAsync(string principal, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(principal);
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.forget_principal");
        if (notes.Enabled)
        {
            await notes.ForgetPrincipalFilesAsync(principal, cancellationToken);
        }

        var rows = await graph.DeletePrincipalAsync(principal, cancellationToken);
        rows += await memories.ForgetAllAsync(principal, cancellationToken);
        LogForgot(logger, rows);
        return rows;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot everything of a principal ({Rows} rows: memories, episodes, entities, facts, notes)")]
    private static partial void LogForgot(ILogger logger, long rows);
}
