namespace PAI.Memory.Notes;

/// <summary>Where notes live and how they are indexed (<c>Pai:Memory:Notes</c>).</summary>
public sealed class NotesOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Memory:Notes";

    /// <summary>
    /// The notes folder (the host sets <c>&lt;data&gt;/notes</c>); each principal has its own folder inside it, an
    /// Obsidian vault of its own. Null: notes are off.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Largest note, in bytes of UTF-8; larger files in the folder are left unindexed.</summary>
    public int MaxNoteBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest chunk indexed as one memory, in characters.</summary>
    public int ChunkCharacters { get; set; } = 1200;

    /// <summary>Most chunks (memories) one note becomes; the rest of a longer note is not indexed.</summary>
    public int MaxChunks { get; set; } = 500;

    /// <summary>Most links and tags of one note that become graph edges.</summary>
    public int MaxEdges { get; set; } = 500;

    /// <summary>How long a file must be quiet after a change before it is re-indexed.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the whole folder is compared with the index anyway (missed events, no file watcher available).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Note versions that may wait for extraction with a model; more are dropped and asked again by the next reconcile.</summary>
    public int ExtractionQueueCapacity { get; set; } = 256;
}
