using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Tools;

public sealed class WorkspacePathTests : IDisposable
{
    private readonly TempWorkspace ws = new();

    public void Dispose() => ws.Dispose();

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("a/..")]
    [InlineData("a\\..\\..\\x")]
    public void Resolve_DotDotSegment_IsRefused(string relative)
    {
        var ex = Assert.Throws<ToolException>(() => WorkspacePath.Resolve(ws.Workspace, relative));
        Assert.False(ex.Retryable);
        Assert.Contains("leaves the goal's workspace", ex.Message);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("\\etc\\passwd")]
    [InlineData("C:\\Windows\\win.ini")]
    public void Resolve_AbsolutePath_IsRefused(string relative)
    {
        var ex = Assert.Throws<ToolException>(() => WorkspacePath.Resolve(ws.Workspace, relative));
        Assert.False(ex.Retryable);
        Assert.Contains("absolute", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".")]
    [InlineData("./")]
    public void Resolve_EmptyOrWorkspaceItself_IsRefused(string relative)
    {
        var ex = Assert.Throws<ToolException>(() => WorkspacePath.Resolve(ws.Workspace, relative));
        Assert.False(ex.Retryable);
    }

    [Theory]
    [InlineData(".pai/journal/x.log")]
    [InlineData("./.pai/locks/y")]
    [InlineData(".PAI/x")]
    [InlineData(".pai")]
    public void Resolve_HiddenPaiFolder_IsRefused(string relative)
    {
        var ex = Assert.Throws<ToolException>(() => WorkspacePath.Resolve(ws.Workspace, relative));
        Assert.Contains(".pai", ex.Message);
    }

    [Fact]
    public void Resolve_SymlinkedFolderLeavingWorkspace_IsRefused()
    {
        Directory.CreateSymbolicLink(ws.PathOf("escape"), ws.Outside);

        var ex = Assert.Throws<ToolException>(() => WorkspacePath.Resolve(ws.Workspace, "escape/secret.txt"));

        Assert.False(ex.Retryable);
        Assert.Contains("symbolic link", ex.Message);
    }

    [Fact]
    public void Resolve_DanglingSymlinkPointingOutside_IsRefused()
    {
        File.CreateSymbolicLink(ws.PathOf("dangling.txt"), Path.Combine(ws.Outside, "not-yet.txt"));

        Assert.Throws<ToolException>(() => WorkspacePath.Resolve(ws.Workspace, "dangling.txt"));
    }

    [Fact]
    public void Resolve_RelativeSymlinkClimbingOut_IsRefused()
    {
        Directory.CreateDirectory(ws.PathOf("sub"));
        Directory.CreateSymbolicLink(ws.PathOf("sub/up"), "../../outside");

        Assert.Throws<ToolException>(() => WorkspacePath.Resolve(ws.Workspace, "sub/up/file.txt"));
    }

    [Fact]
    public void Resolve_SymlinkIntoHiddenFolder_IsRefused()
    {
        Directory.CreateDirectory(ws.PathOf(".pai/journal"));
        Directory.CreateSymbolicLink(ws.PathOf("j"), ws.PathOf(".pai/journal"));

        var ex = Assert.Throws<ToolException>(() => WorkspacePath.Resolve(ws.Workspace, "j/x.log"));

        Assert.Contains(".pai", ex.Message);
    }

    [Fact]
    public void Resolve_SymlinkStayingInsideWorkspace_ResolvesToTarget()
    {
        Directory.CreateDirectory(ws.PathOf("real"));
        Directory.CreateSymbolicLink(ws.PathOf("alias"), ws.PathOf("real"));

        var resolved = WorkspacePath.Resolve(ws.Workspace, "alias/a.txt");

        Assert.Equal(Path.Combine(WorkspacePath.RealWorkspace(ws.Workspace), "real", "a.txt"), resolved);
    }

    [Fact]
    public void Resolve_NestedRelativePath_ReturnsPathInsideWorkspace()
    {
        var resolved = WorkspacePath.Resolve(ws.Workspace, "./notes/./day1.md");

        Assert.Equal(Path.Combine(WorkspacePath.RealWorkspace(ws.Workspace), "notes", "day1.md"), resolved);
    }

    [Fact]
    public void Check_NameStartingWithDots_IsAccepted()
    {
        Assert.Null(WorkspacePath.Check("..hidden/x.txt"));
        Assert.Null(WorkspacePath.Check("a/.pai/x.txt"));
    }
}
