using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Tools;
using PAI.Engine.Invocation;

namespace PAI.Browser.Tests;

/// <summary><c>browser.check</c> against a real HTTP server and Debian's Chromium.</summary>
public sealed class BrowserCheckToolTests : IDisposable
{
    // A 1x1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly StaticSite _site = new();
    private readonly string _workspace = Path.Combine(Path.GetTempPath(), "pai-browser-ws", Guid.NewGuid().ToString("N"));

    public BrowserCheckToolTests()
    {
        Directory.CreateDirectory(_workspace);
        File.WriteAllBytes(Path.Combine(_site.Root, "a.png"), Png);
        File.WriteAllBytes(Path.Combine(_site.Root, "b.png"), Png);
        File.WriteAllText(Path.Combine(_site.Root, "post.html"), """
            <!doctype html><html><head><title>Hello post</title></head><body>
            <h1>Hello</h1><p>Some words.</p>
            <img src="a.png" alt="a"><img src="b.png" alt="b"><img src="missing.png" alt="gone">
            <script>console.error("boom from the page");</script>
            </body></html>
            """);
    }

    public void Dispose()
    {
        _site.Dispose();
        try
        {
            Directory.Delete(_workspace, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    [ChromiumFact]
    public async Task InvokeAsync_PageWithABrokenImage_ReportsStatusTitleImagesErrorsAndSavesAScreenshot()
    {
        var output = (await Tool().InvokeAsync(Context(new JsonObject
        {
            ["url"] = _site.BaseUrl + "post.html",
            ["selectors"] = new JsonArray("img", "h1"),
            ["texts"] = new JsonArray("Some words.", "not there"),
            ["screenshot"] = "shots/post.png",
        }), CancellationToken.None))!.AsObject();

        Assert.Equal(200, output["status"]!.GetValue<int>());
        Assert.Equal("Hello post", output["title"]!.GetValue<string>());
        Assert.Equal(3, output["counts"]!["img"]!.GetValue<int>());
        Assert.Equal(1, output["counts"]!["h1"]!.GetValue<int>());
        Assert.Equal((3, 2), (output["images"]!["total"]!.GetValue<int>(), output["images"]!["loaded"]!.GetValue<int>()));
        Assert.Equal("missing.png", output["images"]!["failed"]![0]!.GetValue<string>());
        Assert.True(output["texts"]!["Some words."]!.GetValue<bool>());
        Assert.False(output["texts"]!["not there"]!.GetValue<bool>());
        Assert.Contains(output["consoleErrors"]!.AsArray(), e => e!.GetValue<string>().Contains("boom from the page", StringComparison.Ordinal));
        var png = await File.ReadAllBytesAsync(Path.Combine(_workspace, "shots", "post.png"));
        Assert.Equal(Png[..8], png[..8]);
        Assert.Equal(["post.png"], Directory.GetFiles(Path.Combine(_workspace, "shots")).Select(Path.GetFileName));
    }

    [ChromiumFact]
    public async Task InvokeAsync_ExpectationsNotMet_FailsNamingEachDifference()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => Tool().InvokeAsync(Context(new JsonObject
        {
            ["url"] = _site.BaseUrl + "post.html",
            ["expect"] = new JsonObject { ["status"] = 200, ["title"] = "Hello", ["images"] = 3, ["noConsoleErrors"] = true, ["texts"] = new JsonArray("Some words.") },
        }), CancellationToken.None));

        Assert.Contains("2 image(s) loaded, expected 3; failed: missing.png", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains("console error(s): ", StringComparison.Ordinal) && error.Message.Contains("boom from the page", StringComparison.Ordinal), error.Message);
        Assert.DoesNotContain("title", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Some words.", error.Message, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task InvokeAsync_MissingPage_ReportsItsStatusAndFailsAnExpectedStatus()
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => Tool().InvokeAsync(Context(new JsonObject
        {
            ["url"] = _site.BaseUrl + "nope.html",
            ["expect"] = new JsonObject { ["status"] = 200 },
        }), CancellationToken.None));

        Assert.True(error.Message.Contains("status 404, expected 200", StringComparison.Ordinal), error.Message);
        Assert.False(Directory.Exists(Path.Combine(_workspace, "screenshots")), "no screenshot of Chromium's own error page");
    }

    [Theory]
    [InlineData("""{"url":"file:///etc/passwd"}""", "'url' must be an absolute http or https URL")]
    [InlineData("""{"url":"http://x/","colour":"red"}""", "unknown property 'colour'")]
    [InlineData("""{"url":"http://x/","expect":{"imgs":3}}""", "unknown property 'expect.imgs'")]
    [InlineData("""{"url":"http://x/","timeout":"2h"}""", "'timeout' value '2h' is not a duration between 0 and 10m")]
    [InlineData("""{}""", "'url' is required")]
    public void Validate_BadInput_NamesTheField(string input, string message)
    {
        var errors = Tool().Validate(JsonNode.Parse(input)!.AsObject());

        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ReferenceStillToResolve_PassesAtPlanTime()
    {
        Assert.Empty(Tool().Validate(JsonNode.Parse("""{"url":"${phases.serve.url}","expect":{"images":3}}""")!.AsObject()));
    }

    private static BrowserCheckTool Tool() =>
        new(Options.Create(new BrowserOptions { ExecutablePath = ChromiumFactAttribute.ExecutablePath }), NullLogger<BrowserCheckTool>.Instance);

    private ToolContext Context(JsonObject input) =>
        new("g1", "check", 1, "g1/check", input, _workspace, "tester", new TransientCheckpoint());
}
