using PAI.Memory.Notes;

namespace PAI.Memory.Tests.Notes;

/// <summary>Note paths and principal folders.</summary>
public sealed class NotePathsTests
{
    [Theory]
    [InlineData("kiln.md")]
    [InlineData("projects/kiln.md")]
    [InlineData("a/b/c/Notes with spaces.MD")]
    public void Check_PlainRelativeMarkdownPaths_AreValid(string path) => Assert.Null(NotePaths.Check(path));

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd.md")]
    [InlineData("../x.md")]
    [InlineData("a/../x.md")]
    [InlineData("a//x.md")]
    [InlineData(".obsidian/x.md")]
    [InlineData("a\\x.md")]
    [InlineData("c:x.md")]
    [InlineData("x.txt")]
    [InlineData(".md")]
    [InlineData("a\u0000b.md")]
    public void Check_AnythingThatCouldLeaveTheFolderOrIsNotANote_IsRefused(string path) => Assert.NotNull(NotePaths.Check(path));

    [Fact]
    public void Check_TooLongOrTooDeep_IsRefused()
    {
        Assert.NotNull(NotePaths.Check(new string('a', 500) + ".md"));
        Assert.NotNull(NotePaths.Check(string.Concat(Enumerable.Repeat("a/", 20)) + "x.md"));
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("..", "%2E%2E")]
    [InlineData(".hidden", "%2Ehidden")]
    [InlineData("a/b", "a%2Fb")]
    public void FolderOf_IsOneSafeSegmentThatDecodesBack(string principal, string folder)
    {
        Assert.Equal(folder, NotePaths.FolderOf(principal));
        Assert.Equal(principal, NotePaths.PrincipalOf(folder));
    }

    [Fact]
    public void KeysOfLink_ByNameOrByPath_MeetTheNotesKeys()
    {
        var keys = NotePaths.KeysOf("projects/Kiln.md");
        Assert.Contains(NotePaths.KeysOfLink("kiln")[0], keys);
        Assert.Equal(keys[0], NotePaths.KeysOfLink("projects/Kiln")[0]);
    }
}
