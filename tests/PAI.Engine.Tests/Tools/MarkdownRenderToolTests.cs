using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Invocation;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Tools;

/// <summary><c>markdown.render</c>: images inserted at section ends, a page whose raw HTML is shown, never run.</summary>
public sealed class MarkdownRenderToolTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Insert_ThreeImagesThreeSections_EachSectionEndsWithItsImage()
    {
        var text = MarkdownImages.Insert("# T\nintro\n## A\na\n## B\nb\n## C\nc", [("img/1.png", "one"), ("img/2.png", "two"), ("img/3.png", "three")]);

        var a = text.IndexOf("## A", StringComparison.Ordinal);
        var one = text.IndexOf("![one](img/1.png)", StringComparison.Ordinal);
        var b = text.IndexOf("## B", StringComparison.Ordinal);
        var two = text.IndexOf("![two](img/2.png)", StringComparison.Ordinal);
        var c = text.IndexOf("## C", StringComparison.Ordinal);
        var three = text.IndexOf("![three](img/3.png)", StringComparison.Ordinal);
        Assert.True(a < one && one < b && b < two && two < c && c < three, text);
    }

    [Fact]
    public void Insert_HeadingInsideACodeFence_IsNotASection()
    {
        var text = MarkdownImages.Insert("## A\n```\n## not a heading\n```\n## B\n", [("x.png", "x")]);

        Assert.True(text.IndexOf("![x](x.png)", StringComparison.Ordinal) > text.IndexOf("```\n## B", StringComparison.Ordinal) - 10, text);
        Assert.True(text.IndexOf("![x](x.png)", StringComparison.Ordinal) < text.IndexOf("## B", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task InvokeAsync_PostWithImagesAndRawHtml_WritesAPageWithRelativeImagesAndEscapedHtml()
    {
        var input = new JsonObject
        {
            ["markdown"] = "# Hello\n\n## One\n\n<script>alert(1)</script>\n\n## Two\n\ntext",
            ["title"] = "Hello & <b>",
            ["output"] = "site/post/index.html",
            ["markdownOutput"] = "site/post/index.md",
            ["images"] = new JsonArray(new JsonObject { ["output"] = "site/post/img/a.png", ["alt"] = "an a" }),
        };

        var output = (await new MarkdownRenderTool().InvokeAsync(Context(input), CancellationToken.None))!.AsObject();

        var html = await File.ReadAllTextAsync(_ws.PathOf("site/post/index.html"));
        Assert.Contains("<title>Hello &amp; &lt;b&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"img/a.png\" alt=\"an a\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("![an a](img/a.png)", await File.ReadAllTextAsync(_ws.PathOf("site/post/index.md")), StringComparison.Ordinal);
        Assert.Equal(1, output["images"]!.GetValue<int>());
        Assert.Equal(["index.html", "index.md"], Directory.GetFiles(_ws.PathOf("site/post")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_OutputOutsideTheWorkspace_IsRefused()
    {
        var input = new JsonObject { ["markdown"] = "x", ["output"] = "../x.html" };

        var error = await Assert.ThrowsAsync<ToolException>(() => new MarkdownRenderTool().InvokeAsync(Context(input), CancellationToken.None));

        Assert.Contains("leaves the goal's workspace", error.Message, StringComparison.Ordinal);
    }

    private ToolContext Context(JsonObject input) => new("g", "s", 1, "g/s", input, _ws.Workspace, "p", new TransientCheckpoint());
}
