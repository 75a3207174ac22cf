using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Browser;

/// <summary>
/// <c>browser.check</c>: opens a page in headless Chromium (Debian's, driven by Playwright), waits for it to load, and
/// reports the HTTP status, the title, how many elements match each selector, which images loaded and which failed,
/// whether given texts are on the page, console errors and uncaught exceptions; saves a full-page screenshot into the
/// goal's workspace. With <c>expect</c> it fails, naming every difference, so a skill's check can be one call. Each
/// call has its own browser, closed however the call ends, within one time limit; every list is capped.
/// </summary>
public sealed partial class BrowserCheckTool(IOptions<BrowserOptions> options, ILogger<BrowserCheckTool> logger) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "browser.check";

    private const string ImagesScript = "() => Array.from(document.images).map(i => ({ src: i.getAttribute('src') || '', loaded: i.complete && i.naturalWidth > 0 }))";

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Opens a page in headless Chromium; reports status, title, selector counts, loaded and failed images, texts and console errors; saves a screenshot.",
        """
        {
          "type": "object",
          "required": ["url"],
          "properties": {
            "url": { "type": "string", "description": "http or https URL of the page." },
            "screenshot": { "type": "string", "description": "Workspace path of the PNG (default screenshots/{step}.png)." },
            "selectors": { "type": "array", "items": { "type": "string" }, "maxItems": 20, "description": "CSS selectors to count." },
            "texts": { "type": "array", "items": { "type": "string" }, "maxItems": 20, "description": "Texts to look for." },
            "timeout": { "type": "string", "description": "Limit for the whole check (e.g. 30s)." },
            "expect": {
              "type": "object",
              "properties": {
                "status": { "type": "integer" }, "title": { "type": "string" }, "images": { "type": "integer" },
                "noConsoleErrors": { "type": "boolean" }, "texts": { "type": "array", "items": { "type": "string" } }
              },
              "additionalProperties": false
            }
          },
          "additionalProperties": false
        }
        """,
        "browser",
        null,
        MaxOutputBytes: 64 * 1024);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        try
        {
            _ = BrowserCheckInput.Parse(input, "step", checkReferences: false);
            return [];
        }
        catch (ToolException ex)
        {
            return [ex.Message];
        }
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var input = BrowserCheckInput.Parse(context.Input, context.StepId, checkReferences: true);
        var screenshot = WorkspacePath.Resolve(context.Workspace, input.Screenshot);
        if (!File.Exists(o.ExecutablePath))
        {
            throw new ToolException($"no browser at '{o.ExecutablePath}' (Pai:Browser:ExecutablePath; apt-get install chromium)");
        }

        var timeout = input.Timeout ?? o.DefaultTimeout;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var report = await CheckAsync(input, screenshot, o, (float)timeout.TotalMilliseconds).WaitAsync(limit.Token);
            report["durationMs"] = clock.ElapsedMilliseconds;
            var differences = input.Expect.Differences(report);
            return differences.Count == 0
                ? report
                : throw new ToolException($"{Name} {input.Url}: {string.Join("; ", differences)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ToolException($"{Name} {input.Url}: no answer within {timeout}", retryable: true);
        }
        catch (PlaywrightException ex)
        {
            LogBrowserFailed(logger, ex, context.GoalId, context.StepId);
            throw new ToolException($"{Name} {input.Url}: {BrowserCheckInput.Cut(ex.Message)}", retryable: true, ex);
        }
    }

    private static async Task<JsonObject> CheckAsync(BrowserCheckInput input, string screenshot, BrowserOptions o, float timeoutMs)
    {
        var errors = new List<string>();
        void Record(string message)
        {
            lock (errors)
            {
                if (errors.Count < BrowserCheckInput.MaxItems)
                {
                    errors.Add(BrowserCheckInput.Cut(message));
                }
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = o.ExecutablePath,
            Args = o.Arguments,
            Headless = true,
            Timeout = timeoutMs,
        });
        await using var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = o.ViewportWidth, Height = o.ViewportHeight } });
        page.SetDefaultTimeout(timeoutMs);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record(message.Text);
            }
        };
        page.PageError += (_, error) => Record($"uncaught: {error}");

        // An error status with an empty body makes Chromium abort the navigation; the status is still the answer.
        int? documentStatus = null;
        page.Response += (_, r) =>
        {
            if (r.Request.IsNavigationRequest && r.Frame == page.MainFrame)
            {
                documentStatus = r.Status;
            }
        };
        IResponse? response = null;
        var aborted = false;
        try
        {
            response = await page.GotoAsync(input.Url.ToString(), new() { WaitUntil = WaitUntilState.Load, Timeout = timeoutMs });
        }
        catch (PlaywrightException) when (documentStatus is >= 400)
        {
            // Chromium then shows its own error page, loaded at a moment of its choosing: there is no document
            // of the site to inspect, and evaluating on the error page races its navigation.
            aborted = true;
        }

        var counts = new JsonObject();
        var srcs = new List<(string Src, bool Loaded)>();
        var texts = new JsonObject();
        var text = "";
        if (!aborted)
        {
            foreach (var selector in input.Selectors)
            {
                counts[selector] = await page.Locator(selector).CountAsync();
            }

            var images = await page.EvaluateAsync<JsonElement>(ImagesScript);
            srcs = [.. images.EnumerateArray().Select(i => (i.GetProperty("src").GetString() ?? "", i.GetProperty("loaded").GetBoolean()))];
            text = await page.InnerTextAsync("body");
        }
        else
        {
            foreach (var selector in input.Selectors)
            {
                counts[selector] = 0;
            }
        }

        foreach (var t in input.Texts)
        {
            texts[t] = text.Contains(t, StringComparison.Ordinal);
        }

        if (!aborted)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            var partial = AtomicFile.TempPathFor(screenshot);
            await page.ScreenshotAsync(new() { Path = partial, Type = ScreenshotType.Png, FullPage = true, Timeout = timeoutMs });
            File.Move(partial, screenshot, overwrite: true);
        }

        string[] reported;
        lock (errors)
        {
            reported = [.. errors];
        }

        return new JsonObject
        {
            ["url"] = input.Url.ToString(),
            ["status"] = response?.Status ?? documentStatus,
            ["title"] = aborted ? "" : BrowserCheckInput.Cut(await page.TitleAsync()),
            ["counts"] = counts,
            ["images"] = new JsonObject
            {
                ["total"] = srcs.Count,
                ["loaded"] = srcs.Count(s => s.Loaded),
                ["failed"] = new JsonArray(srcs.Where(s => !s.Loaded).Take(BrowserCheckInput.MaxItems).Select(s => (JsonNode)JsonValue.Create(BrowserCheckInput.Cut(s.Src))).ToArray()),
            },
            ["texts"] = texts,
            ["consoleErrors"] = new JsonArray(reported.Select(e => (JsonNode)JsonValue.Create(e)).ToArray()),

            // Chromium's own error page is not the site: no screenshot of it.
            ["screenshot"] = aborted ? null : input.Screenshot,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "browser.check {GoalId}/{StepId}: the browser failed")]
    private static partial void LogBrowserFailed(ILogger logger, Exception exception, string goalId, string stepId);
}
