using Microsoft.Playwright;
using PAI.Console.Tests.Infrastructure;
using PAI.Host.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Console.Tests;

/// <summary>The console's shell: where the key lives, what the host sends with the page, and every page in a narrow
/// window.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ConsoleShellTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task Key_FromTheFragment_StoredInTheBrowserOnlyNeverInAUrlOrThePage()
    {
        await using var console = await host.OpenAsync();
        var page = console.Page;
        await page.GotoAsync("/");
        await Expect(page.Locator("#key-input")).ToBeVisibleAsync();
        await console.ScreenshotAsync("sign-in");

        await console.SignInAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Goals");
        Assert.DoesNotContain(PaiProcess.ApiKey, page.Url, StringComparison.Ordinal);
        Assert.Equal(PaiProcess.ApiKey, await page.EvaluateAsync<string>("() => localStorage.getItem('pai.key')"));
        Assert.DoesNotContain(PaiProcess.ApiKey, await page.EvaluateAsync<string>("() => document.documentElement.outerHTML"), StringComparison.Ordinal);
        Assert.DoesNotContain(PaiProcess.ApiKey, await page.EvaluateAsync<string>("() => JSON.stringify(history.state) + location.href"), StringComparison.Ordinal);
        await console.GoAsync("#/audit");
        await Expect(page.Locator(".verdict")).ToContainTextAsync("Chain");
        Assert.All(console.RequestedUrls, url => Assert.DoesNotContain(PaiProcess.ApiKey, url, StringComparison.Ordinal));

        // Forgetting the key brings the sign-in form back, and a wrong key is refused there.
        await page.ClickAsync("#key-button");
        await Expect(page.Locator("#key-input")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('pai.key')"));
        console.AssertNoConsoleErrors();
    }

    [ChromiumFact]
    public async Task Page_ServedWithAStrictContentSecurityPolicy()
    {
        using var anonymous = new HttpClient { BaseAddress = host.Host.Client.BaseAddress };
        using var response = await anonymous.GetAsync(new Uri("/", UriKind.Relative));

        Assert.True(response.IsSuccessStatusCode);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [ChromiumFact]
    public async Task EveryPage_NarrowWindow_NoSidewaysScrollingAndScreenshots()
    {
        var id = await host.Host.Client.SubmitAsync(Goal("Narrow window", Step("a", "echo", new { text = "x" }), Step("b", "echo", new { }, "a")));
        await host.Host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(30));

        await using var console = await host.OpenAsync(width: 390, height: 844);
        await console.SignInAsync();
        foreach (var (hash, name, ready) in new[]
        {
            ("#/goals", "goals", ".goals-table tbody tr"),
            ("#/submit", "submit", "#submit-goal"),
            ($"#/goals/{id}?step=b", "goal", ".step-detail .badge"),
            ("#/approvals", "approvals", "h1"),
            ("#/gpus", "gpus", ".gpu"),
            ("#/audit", "audit", ".audit-table tbody tr"),
            ("#/memories", "memories", "#memory-query"),
            ("#/keys", "keys", ".keys-table tbody tr"),
            ("#/schedules", "schedules", ".schedules-table tbody tr"),
            ("#/knowledge", "knowledge", "#entity-name"),
            ("#/knowledge?tab=notes", "notes", "#note-query"),
            ("#/usage", "usage", "#usage-window"),
        })
        {
            await console.GoAsync(hash);
            await Expect(console.Page.Locator(ready).First).ToBeVisibleAsync();
            var overflow = await console.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 1, $"{hash} scrolls sideways by {overflow}px in a 390px window");
            await console.ScreenshotAsync($"narrow-{name}");
        }

        // The navigation is reachable from the keyboard: skip link, home, then the first page.
        await console.GoAsync("#/goals");
        await console.Page.ReloadAsync();
        await Expect(console.Page.Locator("#nav-list a").First).ToBeVisibleAsync();
        foreach (var expected in new[] { "Skip to content", "PAI", "Goals" })
        {
            await console.Page.Keyboard.PressAsync("Tab");
            Assert.Equal(expected, (await console.Page.EvaluateAsync<string>("() => document.activeElement?.textContent ?? ''")).Trim());
        }

        // Rebuilding the navigation (a route change here; the host's API list arriving after start-up is the other
        // cause) leaves the keyboard focus on the link it was on, not on the page's start.
        await console.Page.EvaluateAsync("() => { location.hash = '#/gpus'; }");
        await Expect(console.Page.Locator("#nav-list a[aria-current=page]")).ToHaveAttributeAsync("href", "#/gpus");
        Assert.Equal("Goals", (await console.Page.EvaluateAsync<string>("() => document.activeElement?.textContent ?? ''")).Trim());
        console.AssertNoConsoleErrors();
    }
}
