using System.Text;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tests.Tools;

/// <summary>The one way tools replace a file: all or nothing, and the temporary file a kill leaves is recognised and
/// swept, never mistaken for output.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pai-atomic-file", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task WriteAsync_ReplacesTheFileAndLeavesNoTemporaryFile()
    {
        var target = Path.Combine(_folder, "a", "post.md");
        await AtomicFile.WriteAsync(target, Encoding.UTF8.GetBytes("one"), CancellationToken.None);
        await AtomicFile.WriteAsync(target, Encoding.UTF8.GetBytes("two"), CancellationToken.None);

        Assert.Equal("two", await File.ReadAllTextAsync(target));
        Assert.Equal(["post.md"], Directory.GetFiles(Path.Combine(_folder, "a")).Select(Path.GetFileName));
    }

    [Fact]
    public void TempPathFor_IsHiddenBesideTheTargetKeepsItsExtensionAndIsALeftover()
    {
        var target = Path.Combine(_folder, "img", "1.png");

        var temp = AtomicFile.TempPathFor(target);

        Assert.Equal(Path.GetDirectoryName(target), Path.GetDirectoryName(temp));
        Assert.StartsWith(".1.png.", Path.GetFileName(temp), StringComparison.Ordinal);
        Assert.Equal(".png", Path.GetExtension(temp));
        Assert.True(AtomicFile.IsLeftover(temp));
        Assert.NotEqual(temp, AtomicFile.TempPathFor(target));
    }

    [Theory]
    [InlineData("index.html", false)]
    [InlineData(".hidden", false)]
    [InlineData("notes.pai-tmp.md", false)]
    [InlineData(".index.html.0a1b.pai-tmp.html", true)]
    [InlineData(".part05.txt.0a1b.pai-tmp", true)]
    public void IsLeftover_OnlyHiddenFilesCarryingTheMarker(string name, bool leftover) =>
        Assert.Equal(leftover, AtomicFile.IsLeftover(Path.Combine(_folder, name)));

    [Fact]
    public void RemoveLeftovers_DeletesTemporaryFilesAtEveryDepthAndKeepsEverythingElse()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "post", "img"));
        foreach (var name in new[] { "post/index.html", "post/.keep", "post/img/1.png", "post/notes.pai-tmp.md" })
        {
            File.WriteAllText(Path.Combine(_folder, name), "x");
        }

        File.WriteAllText(AtomicFile.TempPathFor(Path.Combine(_folder, "post", "index.html")), "<h");
        File.WriteAllText(AtomicFile.TempPathFor(Path.Combine(_folder, "post", "img", "2.png")), "p");

        var removed = AtomicFile.RemoveLeftovers(Path.Combine(_folder, "post"));

        Assert.Equal(2, removed);
        Assert.Equal(
            ["post/.keep", "post/img/1.png", "post/index.html", "post/notes.pai-tmp.md"],
            Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        Assert.Equal(0, AtomicFile.RemoveLeftovers(Path.Combine(_folder, "missing")));
    }
}
