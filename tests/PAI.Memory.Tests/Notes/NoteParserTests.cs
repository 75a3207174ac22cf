using PAI.Memory.Notes;

namespace PAI.Memory.Tests.Notes;

/// <summary>Reading Obsidian-style notes.</summary>
public sealed class NoteParserTests
{
    [Fact]
    public void Parse_FrontMatterLinksAndTags_OutsideCodeOnly()
    {
        var note = NoteParser.Parse("kiln.md", """
            ---
            title: Kiln log
            tags: [pottery, "#firing"]
            aliases: [Big kiln]
            ---
            # Ignored title

            Fired with [[Glaze Notes|glazes]] and [[projects/clay#Bodies]]. #cone6 #123
            `[[not a link]] #notatag`

            ```
            [[also not]] #nope
            ```
            """, 1200, 100, 100);

        Assert.Equal("Kiln log", note.Title);
        Assert.Equal(["pottery", "firing", "cone6"], note.Tags);
        Assert.Equal(["Big kiln"], note.Aliases);
        Assert.Equal(["Glaze Notes", "projects/clay"], note.Links);
    }

    [Fact]
    public void Parse_LongText_IsChunkedUnderItsHeadingsWithinTheSize()
    {
        var body = string.Join(" ", Enumerable.Repeat("word", 600));
        var note = NoteParser.Parse("a.md", $"# Top\n\n## Part\n\n{body}\n", 500, 100, 100);

        Assert.True(note.Chunks.Count >= 5);
        Assert.All(note.Chunks, c => Assert.StartsWith("Top > Part\n", c, StringComparison.Ordinal));
        Assert.All(note.Chunks, c => Assert.True(c.Length <= 500 + 20));
    }

    [Fact]
    public void Parse_HostileInput_StaysBounded()
    {
        var hostile = string.Concat(Enumerable.Repeat("[[", 50_000)) + string.Concat(Enumerable.Repeat("#a ", 50_000));
        var note = NoteParser.Parse("h.md", hostile, 1200, 10, 20);

        Assert.True(note.Links.Count <= 20);
        Assert.True(note.Tags.Count <= 20);
        Assert.True(note.Chunks.Count <= 10);
    }

    [Fact]
    public void Parse_NoTitle_FallsBackToTheFileName() => Assert.Equal("kiln", NoteParser.Parse("projects/kiln.md", "text only", 1200, 10, 10).Title);

    [Fact]
    public void Compose_Learning_FollowsTheTemplate()
    {
        var markdown = LearningNote.Compose("Cracked shelf", "The shelf cracked.", "Use wadding.", "Always use wadding.", ["kiln"], DateTimeOffset.UnixEpoch);
        var note = NoteParser.Parse("l.md", markdown, 1200, 10, 10);

        Assert.Equal("Cracked shelf", note.Title);
        Assert.Equal(["learning", "kiln"], note.Tags);
        Assert.True(markdown.IndexOf("## Problem", StringComparison.Ordinal) < markdown.IndexOf("## Solution", StringComparison.Ordinal));
        Assert.True(markdown.IndexOf("## Solution", StringComparison.Ordinal) < markdown.IndexOf("## Takeaway", StringComparison.Ordinal));
    }
}
