using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PAI.Abstractions.Knowledge;
using PAI.Memory.Graph;
using PAI.Memory.Memories;

namespace PAI.Memory.Notes;

/// <summary>The indexing half of <see cref="NotesService"/>.</summary>
public sealed partial class NotesService
{
    /// <summary>
    /// Indexes <paramref name="markdown"/> as the note at <paramref name="path"/>: chunks become memories (ids derived
    /// from the path and content hash, so a retry adds nothing), links and tags become facts of a new episode, then
    /// one transaction records both and drops the previous version's episode, and only then are the previous
    /// version's memories deleted (listed in the record until done, so a crash in between leaks nothing).
    /// </summary>
    public async Task<NoteIndexResult> IndexAsync(string principal, string path, string markdown, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(markdown)));
        var document = NoteParser.Parse(path, markdown, settings.ChunkCharacters, settings.MaxChunks, settings.MaxEdges);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var previous = await store.GetNoteAsync(principal, path, cancellationToken);
            if (previous is { PendingDeletes.Count: 0 } && previous.Hash == hash)
            {
                return new NoteIndexResult(path, document.Title, previous.MemoryIds.Count, document.Links, document.Tags, Changed: false);
            }

            using var activity = KnowledgeTelemetry.Source.StartActivity("notes.index");
            var now = time.GetUtcNow();
            var ids = document.Chunks.Count == 0
                ? []
                : await memories.RememberAsync(
                    principal,
                    [.. document.Chunks.Select((chunk, i) => new MemoryInput(chunk, Metadata(path, document.Title, i), now))],
                    $"note\n{path}\n{hash}",
                    cancellationToken);

            var episode = new EpisodeRecord(
                KnowledgeGraphService.EpisodeIdFor(principal, $"note\n{path}\n{hash}"),
                principal,
                "note",
                path,
                $"{document.Title}\n{(markdown.Length > 2000 ? markdown[..2000] : markdown)}",
                now,
                now);
            var note = new EntityMention(path, "note", [.. NotePaths.KeysOf(path), .. document.Aliases.Select(a => "note:" + a.ToLowerInvariant())]);
            var facts = document.Links.Select(link => new FactAssertion(note, "links_to", new EntityMention(link, "note", NotePaths.KeysOfLink(link)), null, now, null, false))
                .Concat(document.Tags.Select(tag => new FactAssertion(note, "tagged", EntityMention.Named(tag, "tag"), null, now, null, false)))
                .ToList();
            await graph.WriteAsync(new GraphWrite(episode, [note], facts), cancellationToken);

            var stale = previous is null ? [] : previous.MemoryIds.Concat(previous.PendingDeletes).Except(ids, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
            var record = new NoteIndexRecord(principal, path, hash, ids, episode.Id, stale, now);
            await store.PutNoteAsync(record, cancellationToken);
            await FinishAsync(record, cancellationToken);
            KnowledgeTelemetry.NotesIndexed.Add(1, new KeyValuePair<string, object?>("change", previous is null ? "added" : "edited"));
            LogIndexed(logger, path, ids.Count, facts.Count);
            QueueExtraction(principal, path, hash);
            return new NoteIndexResult(path, document.Title, ids.Count, document.Links, document.Tags, Changed: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes what was derived from the note (memories, episode and the edges only it stated); false when nothing was indexed.</summary>
    private async Task<bool> RemoveAsync(string principal, string path, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await store.GetNoteAsync(principal, path, cancellationToken) is not { } record)
            {
                return false;
            }

            // Memories and what the model read first: until the record goes, a crash here is finished by the next
            // reconcile (the file is gone).
            await DeleteExtractionsAsync(principal, path, cancellationToken);
            var ids = record.MemoryIds.Concat(record.PendingDeletes).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count > 0)
            {
                await memoryStore.DeleteAsync(principal, ids, cancellationToken);
            }

            var removed = await store.DeleteNoteAsync(principal, path, cancellationToken);
            KnowledgeTelemetry.NotesIndexed.Add(1, new KeyValuePair<string, object?>("change", "removed"));
            return removed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes the memories of a previous version and clears them from the record.</summary>
    private async Task FinishAsync(NoteIndexRecord record, CancellationToken cancellationToken)
    {
        if (record.PendingDeletes.Count == 0)
        {
            return;
        }

        await memoryStore.DeleteAsync(record.Principal, record.PendingDeletes, cancellationToken);
        await store.PutNoteAsync(record with { PendingDeletes = [] }, cancellationToken);
    }

    private static string Metadata(string path, string title, int chunk) =>
        new JsonObject { ["source"] = NoteSource, ["note"] = path, ["title"] = title, ["chunk"] = chunk }.ToJsonString();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Indexed note {Path}: {Chunks} chunks, {Edges} edges")]
    private static partial void LogIndexed(ILogger logger, string path, int chunks, int edges);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Note {Path} is larger than {MaxBytes} bytes and is not indexed")]
    private static partial void LogTooLarge(ILogger logger, string path, int maxBytes);
}
