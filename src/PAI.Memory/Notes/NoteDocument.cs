namespace PAI.Memory.Notes;

/// <summary>What a note says, as PAI indexes it.</summary>
/// <param name="Title">The front matter's title, else the first top-level heading, else the file name.</param>
/// <param name="Tags">Tags from the front matter and inline <c>#tags</c>, lower case, without '#'.</param>
/// <param name="Aliases">The front matter's aliases (other names the note is linked by).</param>
/// <param name="Links">Targets of <c>[[wikilinks]]</c> (without <c>|label</c> or <c>#heading</c>), in order, once each.</param>
/// <param name="Chunks">The text cut into pieces of at most the configured size, each under its heading.</param>
public sealed record NoteDocument(string Title, IReadOnlyList<string> Tags, IReadOnlyList<string> Aliases, IReadOnlyList<string> Links, IReadOnlyList<string> Chunks);
