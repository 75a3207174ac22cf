using Microsoft.Playwright;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Console.Tests.Infrastructure;

/// <summary>
/// One browser page on the console. Every console message of type error and every uncaught exception is recorded;
/// every test ends with <see cref="AssertNoConsoleErrors"/>, which fails it if there was any. Records each request URL
/// too, to check that the API key never travels in one.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly List<string> _errors = [];
    private readonly List<(int Status, string Path)> _allowed = [];
    private readonly List<string> _urls = [];
    private readonly PaiProcess _host;

    internal ConsolePage(IBrowserContext context, IPage page, PaiProcess host)
    {
        Context = context;
        Page = page;
        _host = host;
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !Allowed(message))
            {
                lock (_errors)
                {
                    _errors.Add($"console error: {message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"uncaught: {error}");
            }
        };
        page.Request += (_, request) =>
        {
            lock (_urls)
            {
                _urls.Add(request.Url);
            }
        };
    }

    /// <summary>The browser context (its own storage).</summary>
    public IBrowserContext Context { get; }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Every URL the page requested so far.</summary>
    public IReadOnlyList<string> RequestedUrls
    {
        get
        {
            lock (_urls)
            {
                return [.. _urls];
            }
        }
    }

    /// <summary>Opens the console with the test key in the fragment (the way README says), then goes to <paramref name="hash"/>.</summary>
    public async Task SignInAsync(string hash = "#/goals")
    {
        await Page.GotoAsync("/#key=" + PaiProcess.ApiKey);
        await Assertions.Expect(Page.Locator("#nav-list a").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        if (hash != "#/goals")
        {
            await GoAsync(hash);
        }
    }

    /// <summary>Navigates within the console.</summary>
    public async Task GoAsync(string hash)
    {
        await Page.EvaluateAsync("h => { location.hash = h; }", hash);
        await Page.WaitForFunctionAsync("h => location.hash === h", hash);
    }

    /// <summary>Saves a screenshot under the test output folder's screenshots/.</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true)
    {
        // Toasts come and go; the screenshot shows the page. They are hidden through the CSSOM, which the console's
        // Content-Security-Policy allows (Playwright's Style option injects a <style> element, which it refuses).
        const string toasts = "hidden => { const t = document.getElementById('toasts'); if (t) t.style.visibility = hidden ? 'hidden' : ''; }";
        await Page.EvaluateAsync(toasts, true);
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ConsoleHost.ScreenshotDirectory, name + ".png"),
            FullPage = fullPage,

            // Hiding the caret would inject a <style> element too.
            Caret = ScreenshotCaret.Initial,
        });
        await Page.EvaluateAsync(toasts, false);
    }

    /// <summary>
    /// A test that makes the host refuse a request on purpose (a form with an invalid field) says so: Chromium logs
    /// every non-2xx fetch as a console error, and this one, from this path with this status, is then not counted.
    /// </summary>
    public void ExpectRefusal(int status, string path)
    {
        lock (_allowed)
        {
            _allowed.Add((status, path));
        }
    }

    /// <summary>Fails with every console error seen so far.</summary>
    public void AssertNoConsoleErrors()
    {
        lock (_errors)
        {
            Assert.True(_errors.Count == 0, "the page logged errors:\n" + string.Join("\n", _errors) + "\n-- host output --\n" + Tail(_host.Output));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
    }

    private bool Allowed(IConsoleMessage message)
    {
        lock (_allowed)
        {
            var url = message.Location;
            var index = _allowed.FindIndex(a =>
                message.Text.StartsWith($"Failed to load resource: the server responded with a status of {a.Status} ", StringComparison.Ordinal)
                && url.Contains(a.Path, StringComparison.Ordinal));
            if (index < 0)
            {
                return false;
            }

            _allowed.RemoveAt(index);
            return true;
        }
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
