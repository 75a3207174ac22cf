using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Knowledge;
using PAI.Abstractions.Memory;
using PAI.Memory.Graph;
using PAI.Memory.Memories;

namespace PAI.Memory.Notes;

/// <summary>
/// Notes: markdown files in the principal's folder (<c>&lt;notes&gt;/&lt;principal&gt;/&lt;path&gt;</c>, an Obsidian vault
/// per principal), and what PAI derives from them. Indexing a note stores its chunks as memories (metadata
/// <c>source: note</c>, <c>note: path</c>), its links and tags as graph edges from one episode per version, and a record
/// of both by content hash, so indexing the same content again does nothing. A person's edits come in through the
/// <see cref="NotesWatcher"/>; writes through PAI index at once. One index operation at a time. With a model
/// configured, each new version is also read for facts in the background (NotesService.Extraction.cs).
/// </summary>
public sealed partial class NotesService(
    MemoryService memories,
    IMemoryStore memoryStore,
    KnowledgeGraphService graph,
    IKnowledgeStore store,
    IOptions<NotesOptions> options,
    KnowledgeExtractor extractor,
    NoteExtractionQueue extractionQueue,
    IOptions<GraphOptions> graphOptions,
    TimeProvider time,
    ILogger<NotesService> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NoteFiles? _files;

    /// <summary>True when a notes folder is configured.</summary>
    public bool Enabled => options.Value.Directory is not null;

    /// <summary>The notes folder.</summary>
    public NoteFiles Files => _files ??= new NoteFiles(options.Value.Directory ?? throw new InvalidOperationException("no notes folder is configured (Pai:Memory:Notes:Directory)"));

    /// <summary>Writes the note (atomically: a temporary file renamed over it) and indexes it.</summary>
    /// <exception cref="MemoryValidationException">The path or content breaks a rule; nothing was written.</exception>
    public async Task<NoteIndexResult> WriteAsync(string principal, string path, string markdown, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var file = CheckedFile(principal, path);
        var bytes = Encoding.UTF8.GetBytes(markdown);
        if (bytes.Length > options.Value.MaxNoteBytes)
        {
            throw new MemoryValidationException([new MemoryError("content", $"at most {options.Value.MaxNoteBytes} bytes of UTF-8 (got {bytes.Length})")]);
        }

        using var activity = KnowledgeTelemetry.Source.StartActivity("notes.write");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        if (Files.FileOf(principal, path) is null)
        {
            throw new MemoryValidationException([new MemoryError("path", "leads through a symbolic link")]);
        }

        var temporary = Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        File.Move(temporary, file, overwrite: true);
        return await IndexAsync(principal, path, markdown, cancellationToken);
    }

    /// <summary>The note's markdown, or null when there is none.</summary>
    public async Task<string?> ReadAsync(string principal, string path, CancellationToken cancellationToken = default)
    {
        var file = CheckedFile(principal, path);
        if (!File.Exists(file))
        {
            return null;
        }

        if (new FileInfo(file).Length > options.Value.MaxNoteBytes)
        {
            throw new MemoryValidationException([new MemoryError("path", $"the note is larger than {options.Value.MaxNoteBytes} bytes")]);
        }

        return await File.ReadAllTextAsync(file, Encoding.UTF8, cancellationToken);
    }

    /// <summary>Deletes the note's file and everything derived from it; false when there was neither.</summary>
    public async Task<bool> DeleteAsync(string principal, string path, CancellationToken cancellationToken = default)
    {
        var file = CheckedFile(principal, path);
        var existed = File.Exists(file);
        if (existed)
        {
            File.Delete(file);
        }

        return await RemoveAsync(principal, path, cancellationToken) || existed;
    }

    /// <summary>The principal's notes best matching <paramref name="query"/>, one hit per note (its best chunk).</summary>
    public async Task<IReadOnlyList<NoteHit>> SearchAsync(string principal, string query, int k, CancellationToken cancellationToken = default)
    {
        var filter = new MemoryFilter([new MetadataCondition("source", [JsonSerializer.Serialize(NoteSource)])]);
        var result = await memories.SearchAsync(principal, new MemoryQuery(query, Math.Min(k * 4, 100), MemorySearchMode.Hybrid, filter), cancellationToken);
        var hits = new List<NoteHit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in result.Hits)
        {
            var metadata = hit.Record.Metadata is { } m ? JsonNode.Parse(m) as JsonObject : null;
            if (metadata?["note"]?.GetValue<string>() is { } path && seen.Add(path))
            {
                hits.Add(new NoteHit(path, metadata["title"]?.GetValue<string>() ?? NotePaths.BaseName(path), hit.Score, hit.Record.Text));
            }

            if (hits.Count == k)
            {
                break;
            }
        }

        return hits;
    }

    /// <summary>Indexes the note as it is on disk now (or removes it from the index when the file is gone or unreadable).</summary>
    public async Task<NoteIndexResult?> IndexFileAsync(string principal, string path, CancellationToken cancellationToken = default)
    {
        if (NotePaths.Check(path) is not null || Files.FileOf(principal, path) is not { } file)
        {
            return null;
        }

        string? markdown = null;
        try
        {
            var info = new FileInfo(file);
            if (info.Exists && info.Length <= options.Value.MaxNoteBytes)
            {
                markdown = await File.ReadAllTextAsync(file, Encoding.UTF8, cancellationToken);
            }
            else if (info.Exists)
            {
                LogTooLarge(logger, path, options.Value.MaxNoteBytes);
            }
        }
        catch (IOException)
        {
            // Gone or still being written: the watcher reports the next change, and reconciling catches the rest.
            return null;
        }

        if (markdown is null)
        {
            await RemoveAsync(principal, path, cancellationToken);
            return null;
        }

        return await IndexAsync(principal, path, markdown, cancellationToken);
    }

    /// <summary>
    /// Brings the index in line with the folder: indexes every note whose content differs from what was indexed,
    /// removes what was indexed of notes that are gone, finishes interrupted re-indexes. Returns how many notes changed.
    /// </summary>
    public async Task<int> ReconcileAsync(string? principal = null, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        var principals = principal is null ? Files.Principals().ToList() : [principal];
        var onDisk = new HashSet<(string, string)>();
        foreach (var p in principals)
        {
            foreach (var (path, _) in Files.List(p))
            {
                onDisk.Add((p, path));
                if (await IndexFileAsync(p, path, cancellationToken) is { Changed: true })
                {
                    changed++;
                }
            }
        }

        var records = await store.ListNotesAsync(principal, cancellationToken);
        foreach (var record in records)
        {
            if (!onDisk.Contains((record.Principal, record.Path)) && !File.Exists(Files.FileOf(record.Principal, record.Path) ?? ""))
            {
                changed += await RemoveAsync(record.Principal, record.Path, cancellationToken) ? 1 : 0;
            }
            else if (record.PendingDeletes.Count > 0)
            {
                await FinishAsync(record, cancellationToken);
            }
        }

        await QueueMissingExtractionsAsync(records.Where(r => onDisk.Contains((r.Principal, r.Path))), cancellationToken);
        return changed;
    }

    /// <summary>Deletes the principal's notes folder (the index rows go with the principal's graph).</summary>
    public async Task ForgetPrincipalFilesAsync(string principal, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var folder = Files.FolderOf(principal);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private const string NoteSource = "note";

    private string CheckedFile(string principal, string path)
    {
        var errors = new List<MemoryError>();
        GraphValidation.CheckPrincipal(principal, errors);
        if (NotePaths.Check(path) is { } problem)
        {
            errors.Add(new MemoryError("path", problem));
        }

        if (errors.Count > 0)
        {
            throw new MemoryValidationException(errors);
        }

        return Files.FileOf(principal, path) ?? throw new MemoryValidationException([new MemoryError("path", "leads through a symbolic link")]);
    }
}
