using System.Globalization;

namespace PAI.Memory.Memories;

/// <summary>
/// The text that represents a memory to the embedding model and to the full-text index: the date it happened, in
/// words, then the text (<c>[8 May 2023] Caroline: I went to a support group</c>). Dated documents rank better for both
/// methods on LoCoMo (docs/memory.md): questions name times ("in May", "last year") and the date ties a memory to its
/// period. Changing the form changes what vectors mean, so it carries a <see cref="Version"/> that every memory's
/// model id records: a new form re-embeds in the background.
/// </summary>
public static class MemoryDocument
{
    /// <summary>The version of the form, part of every memory's model id.</summary>
    public const string Version = "d1";

    /// <summary>The document for a memory.</summary>
    public static string Of(string text, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "[" + occurredAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) + "] " + text;
    }
}
