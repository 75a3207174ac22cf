using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PAI.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PAI.Console.Tests;

/// <summary>The memories page, shown because the host serves /api/memories: search, read one, remember, forget.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class MemoriesPageTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task Memories_SearchReadRememberAndForget()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var items = new JsonArray(
            new JsonObject { ["text"] = $"Anna takes her coffee black, no sugar ({marker})", ["scope"] = new JsonObject { ["project"] = "home" }, ["metadata"] = new JsonObject { ["source"] = "chat" } },
            new JsonObject { ["text"] = $"The boiler service is due in March ({marker})" },
            new JsonObject { ["text"] = $"Backups of the photo library run on Sundays ({marker})" });
        using (var response = await host.Host.Client.PostAsJsonAsync("/api/memories", new JsonObject { ["items"] = items }))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await using var console = await host.OpenAsync();
        await console.SignInAsync();
        await console.Page.ClickAsync("#nav-list a[href='#/memories']");
        await console.Page.FillAsync("#memory-query", $"how does Anna like her coffee {marker}");
        await console.Page.Keyboard.PressAsync("Enter");
        var first = console.Page.Locator(".memory-hit").First;
        await Expect(first).ToContainTextAsync("coffee black");

        await first.Locator(".memory-open").ClickAsync();
        await Expect(console.Page.Locator(".memory-detail")).ToContainTextAsync("home");
        await Expect(console.Page.Locator(".memory-detail .json-view")).ToContainTextAsync("chat");
        await console.ScreenshotAsync("memories");

        await console.Page.FillAsync("#memory-text", $"Anna switched to oat milk ({marker})");
        await console.Page.ClickAsync("#memory-remember");
        await Expect(console.Page.Locator(".memory-hit", new() { HasText = "oat milk" })).ToHaveCountAsync(1);

        await console.Page.ClickAsync("#memory-forget");
        await console.Page.ClickAsync("#memory-forget");
        await Expect(console.Page.Locator(".memory-hit", new() { HasText = "coffee black" })).ToHaveCountAsync(0);
        console.AssertNoConsoleErrors();
    }
}
