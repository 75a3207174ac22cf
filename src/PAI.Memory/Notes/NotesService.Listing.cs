using System.Text;
using PAI.Memory.Graph;
using PAI.Memory.Memories;

namespace PAI.Memory.Notes;

/// <summary>The listing half of <see cref="NotesService"/>: a principal's notes as they are in the folder now.</summary>
public sealed partial class NotesService
{
    /// <summary>The longest path prefix a listing accepts (a note path's length).</summary>
    public const int MaxPrefixLength = NotePaths.MaxLength;

    /// <summary>
    /// The principal's notes whose path starts with <paramref name="prefix"/> (ordinal), in ordinal path order, after
    /// <paramref name="after"/>, at most <paramref name="limit"/>. Read from the folder (the notes are the files; a
    /// note the watcher has not indexed yet is listed too): the folder is walked once per page, and only the page's
    /// notes are read for their title and tags (one larger than the note size limit is listed by its file name).
    /// </summary>
    /// <exception cref="MemoryValidationException">The prefix or limit breaks a rule.</exception>
    public async Task<NoteListPage> ListAsync(string principal, string? prefix, string? after, int limit, CancellationToken cancellationToken = default)
    {
        var errors = new List<MemoryError>();
        GraphValidation.CheckPrincipal(principal, errors);
        if (prefix is { Length: > MaxPrefixLength })
        {
            errors.Add(new("prefix", $"at most {MaxPrefixLength} characters"));
        }
        else if (prefix is not null && prefix.Any(c => char.IsControl(c) || c == '\\'))
        {
            errors.Add(new("prefix", "may not hold control characters or '\\' (paths use '/')"));
        }

        if (limit < 1)
        {
            errors.Add(new("limit", "must be at least 1"));
        }

        if (errors.Count > 0)
        {
            throw new MemoryValidationException(errors);
        }

        if (!Enabled)
        {
            return new NoteListPage([], null);
        }

        var page = Files.List(principal)
            .Where(n => (prefix is null || n.Path.StartsWith(prefix, StringComparison.Ordinal)) && (after is null || string.CompareOrdinal(n.Path, after) > 0))
            .OrderBy(n => n.Path, StringComparer.Ordinal)
            .Take(limit + 1)
            .ToList();
        var items = new List<NoteSummary>(Math.Min(page.Count, limit));
        foreach (var (path, file) in page.Take(limit))
        {
            if (await SummariseAsync(path, file, cancellationToken) is { } summary)
            {
                items.Add(summary);
            }
        }

        return new NoteListPage(items, page.Count > limit ? page[limit - 1].Path : null);
    }

    private async Task<NoteSummary?> SummariseAsync(string path, string file, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                return null;
            }

            if (info.Length > settings.MaxNoteBytes)
            {
                return new NoteSummary(path, NotePaths.BaseName(path), [], info.Length, info.LastWriteTimeUtc);
            }

            var markdown = await File.ReadAllTextAsync(file, Encoding.UTF8, cancellationToken);
            var document = NoteParser.Parse(path, markdown, settings.ChunkCharacters, settings.MaxChunks, settings.MaxEdges);
            return new NoteSummary(path, document.Title, document.Tags, info.Length, info.LastWriteTimeUtc);
        }
        catch (IOException)
        {
            // Deleted or replaced between the walk and the read: the next page or listing shows it as it is then.
            return null;
        }
    }
}
