using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PAI.Abstractions.Knowledge;
using PAI.Memory.Graph;

namespace PAI.Memory.Notes;

/// <summary>
/// The extraction half of <see cref="NotesService"/>: with a model configured, every indexed version of a note is read
/// by the <see cref="KnowledgeExtractor"/> in the background (never in the write's way) on the owner's behalf, and its
/// facts are stored with one <see cref="ExtractionKind"/> episode per version (source: the note's path; content: the
/// version's SHA-256 and the model's summary). Only then are earlier versions' extraction episodes deleted, so a fact
/// the new version states again keeps its id and when it was recorded, and a fact only an earlier version supported
/// goes as a deleted episode's facts go (a contradicted fact it had retired is current again). The episode is also
/// the mark that a version is done: reconciling queues again every note whose current version has none.
/// </summary>
public sealed partial class NotesService
{
    /// <summary>The kind of the episodes that hold what a model read out of a note version.</summary>
    public const string ExtractionKind = "note.extraction";

    /// <summary>Most extraction episodes of one note looked at (old versions waiting to be deleted, in practice one or two).</summary>
    private const int MaxExtractionEpisodes = 100;

    /// <summary>The id of the extraction episode of the note version with content hash <paramref name="hash"/>.</summary>
    public static string ExtractionEpisodeId(string principal, string path, string hash) =>
        KnowledgeGraphService.EpisodeIdFor(principal, $"note-extraction\n{path}\n{hash}");

    /// <summary>
    /// Has the model read the facts out of the note version <paramref name="request"/> names, unless that version is no
    /// longer the indexed one or was read already; then deletes what earlier versions' extraction left. A model that
    /// fails or refuses (the principal's quota) is recorded on the note's entity as <c>knowledge_extraction</c>
    /// <c>failed</c> or <c>refused</c>, and the version counts as done (editing the note asks again).
    /// </summary>
    public async Task ExtractAsync(NoteExtractionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (principal, path, hash) = (request.Principal, request.Path, request.Hash);
        if (!extractor.Enabled || (await store.GetNoteAsync(principal, path, cancellationToken))?.Hash != hash)
        {
            return;
        }

        var id = ExtractionEpisodeId(principal, path, hash);
        KnowledgeExtractionOutcome? outcome = null;
        if (!(await store.ListEpisodesAsync(principal, ExtractionKind, path, MaxExtractionEpisodes, cancellationToken)).Any(e => e.Id == id))
        {
            if (await ReadVersionAsync(principal, path, hash, cancellationToken) is not { } markdown)
            {
                return;
            }

            outcome = await extractor.ExtractBoundedAsync(markdown, new ExtractionAttribution(principal, NotePath: path), cancellationToken);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Under the gate, so a removal or re-index of the note cannot slip in between the check and the write.
            if ((await store.GetNoteAsync(principal, path, cancellationToken))?.Hash != hash)
            {
                return;
            }

            if (outcome is not null)
            {
                var facts = await WriteExtractionAsync(principal, path, hash, id, outcome, cancellationToken);
                LogExtracted(logger, path, facts);
            }

            foreach (var old in await store.ListEpisodesAsync(principal, ExtractionKind, path, MaxExtractionEpisodes, cancellationToken))
            {
                if (old.Id != id)
                {
                    await store.DeleteEpisodeAsync(principal, old.Id, cancellationToken);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Queues extraction of the note version when a model is configured; a full queue is caught up by reconciling.</summary>
    private void QueueExtraction(string principal, string path, string hash)
    {
        if (extractor.Enabled && !extractionQueue.TryEnqueue(new NoteExtractionRequest(principal, path, hash)))
        {
            LogQueueFull(logger, path);
        }
    }

    /// <summary>Queues every indexed note of <paramref name="records"/> whose current version has no extraction episode yet.</summary>
    private async Task QueueMissingExtractionsAsync(IEnumerable<NoteIndexRecord> records, CancellationToken cancellationToken)
    {
        if (!extractor.Enabled)
        {
            return;
        }

        foreach (var record in records)
        {
            var id = ExtractionEpisodeId(record.Principal, record.Path, record.Hash);
            if (!(await store.ListEpisodesAsync(record.Principal, ExtractionKind, record.Path, MaxExtractionEpisodes, cancellationToken)).Any(e => e.Id == id))
            {
                QueueExtraction(record.Principal, record.Path, record.Hash);
            }
        }
    }

    /// <summary>Deletes every extraction episode of the note (and the facts only they supported).</summary>
    private async Task DeleteExtractionsAsync(string principal, string path, CancellationToken cancellationToken)
    {
        foreach (var episode in await store.ListEpisodesAsync(principal, ExtractionKind, path, MaxExtractionEpisodes, cancellationToken))
        {
            await store.DeleteEpisodeAsync(principal, episode.Id, cancellationToken);
        }
    }

    private async Task<int> WriteExtractionAsync(string principal, string path, string hash, string id, KnowledgeExtractionOutcome outcome, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var note = new EntityMention(path, "note", NotePaths.KeysOf(path));
        var facts = new List<FactAssertion>();
        string? summary = null;
        if (outcome.Extraction is { } extraction)
        {
            summary = extraction.Summary is { Length: > 0 } s ? (s.Length > 1000 ? s[..1000] : s) : null;
            var modelFacts = ExtractedFacts.ToAssertions(extraction, now, graphOptions.Value);
            facts.AddRange(modelFacts);
            facts.AddRange(ExtractedFacts.Mentions(note, modelFacts, now));
        }
        else if (outcome.Failure is { } failure)
        {
            facts.Add(new FactAssertion(note, "knowledge_extraction", null, JsonSerializer.Serialize(failure == "refused" ? "refused" : "failed"), now, null, true));
        }

        var episode = new EpisodeRecord(id, principal, ExtractionKind, path, $"sha256:{hash}\n{summary}", now, now);
        await graph.WriteAsync(new GraphWrite(episode, [note], facts), cancellationToken);
        return facts.Count;
    }

    /// <summary>The note's markdown when the file still holds the version with <paramref name="hash"/>; otherwise null (a newer version is queued by its own index).</summary>
    private async Task<string?> ReadVersionAsync(string principal, string path, string hash, CancellationToken cancellationToken)
    {
        if (Files.FileOf(principal, path) is not { } file)
        {
            return null;
        }

        try
        {
            var info = new FileInfo(file);
            if (!info.Exists || info.Length > options.Value.MaxNoteBytes)
            {
                return null;
            }

            var markdown = await File.ReadAllTextAsync(file, Encoding.UTF8, cancellationToken);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(markdown))) == hash ? markdown : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Extracted note {Path}: {Facts} facts")]
    private static partial void LogExtracted(ILogger logger, string path, int facts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The note extraction queue is full; note {Path} is extracted after the next reconcile")]
    private static partial void LogQueueFull(ILogger logger, string path);
}
