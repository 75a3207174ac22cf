using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PAI.Console.Tests;

/// <summary>The knowledge page: an entity's facts with their validity, as known now and at an earlier time, the latest
/// changes, and a note found by search and rendered from its markdown (as text: markup in a note never runs).</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class KnowledgePageTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task Graph_EntityFactsWithValidity_AsOf_AndChanges()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var person = $"Anna {marker}";
        await AssertFactAsync(person, "lives in", $"Berlin {marker}", "2020-01-01T00:00:00Z");
        var first = await host.Host.Client.GetFromJsonAsync<JsonObject>($"/api/graph/entities/{Uri.EscapeDataString(person)}");
        var learnedAt = DateTimeOffset.Parse(first!["facts"]![0]!["recordedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        while (DateTimeOffset.UtcNow < learnedAt.AddSeconds(3))
        {
            await Task.Delay(200);
        }

        await AssertFactAsync(person, "lives in", $"Paris {marker}", "2024-06-01T00:00:00Z");

        await using var console = await host.OpenAsync();
        await console.SignInAsync();
        await console.Page.ClickAsync("#nav-list a[href='#/knowledge']");
        await console.Page.FillAsync("#entity-name", person);
        await console.Page.Keyboard.PressAsync("Enter");

        // Now: Paris, held since June 2024 and still; Berlin was retired when Paris was learned.
        var facts = console.Page.Locator(".entity-card .facts-table tbody");
        await Expect(console.Page.Locator(".entity-name")).ToHaveTextAsync(person);
        await Expect(facts).ToContainTextAsync($"Paris {marker}");
        await Expect(facts).Not.ToContainTextAsync($"Berlin {marker}");
        await Expect(facts.Locator(".valid-interval time").First).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex("^2024-06-01"));
        await Expect(facts.Locator(".valid-interval")).ToContainTextAsync("now");
        await Expect(console.Page.Locator(".neighbours")).ToContainTextAsync($"Paris {marker}");

        // The changes: both facts learned, Berlin retired.
        var changes = console.Page.Locator(".changes-table tbody");
        var retired = changes.Locator("tr[data-kind='invalidated']", new() { HasText = marker });
        await Expect(retired).ToContainTextAsync($"Berlin {marker}");
        await Expect(retired.Locator(".fact-retired")).ToContainTextAsync("retired");
        await Expect(changes.Locator("tr[data-kind='added']", new() { HasText = marker })).ToHaveCountAsync(2);
        await console.ScreenshotAsync("knowledge-graph");

        // As PAI knew it before Paris: Berlin, held since 2020.
        var before = DateTimeOffset.FromUnixTimeSeconds(learnedAt.AddSeconds(1.5).ToUnixTimeSeconds());
        // (The page rewrites its query as it reads it, so the hash is set without waiting for it to stay as given.)
        var hash = $"#/knowledge?entity={Uri.EscapeDataString(person)}&asOf={Uri.EscapeDataString(before.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}";
        await console.Page.EvaluateAsync("h => { location.hash = h; }", hash);
        await Expect(console.Page.Locator("#entity-asof")).Not.ToHaveValueAsync("");
        await Expect(facts).ToContainTextAsync($"Berlin {marker}");
        await Expect(facts).Not.ToContainTextAsync($"Paris {marker}");
        await Expect(facts.Locator(".valid-interval time").First).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex("^2020-01-01"));

        // A neighbour opens its own entity.
        await console.Page.Locator(".neighbours a").First.ClickAsync();
        await Expect(console.Page.Locator(".entity-name")).ToHaveTextAsync($"Berlin {marker}");
        console.AssertNoConsoleErrors();
    }

    [ChromiumFact]
    public async Task Notes_SearchAndReadRenderedMarkdown_MarkupStaysText()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var path = $"console-{marker}/garden.md";
        var markdown = $"""
            # Garden plan {marker}

            Plant **tomatoes** in *May*, see [[console-{marker}/seeds|the seed list]].

            - water daily
            - [x] buy compost

            <img src=x onerror="document.title='pwned'"> stays text.

            ```
            code block {marker}
            ```
            """;
        await PutNoteAsync(path, markdown);
        await PutNoteAsync($"console-{marker}/seeds.md", $"# Seeds {marker}\n\nBasil and chard.\n");

        await using var console = await host.OpenAsync();
        await console.SignInAsync("#/knowledge?tab=notes");
        await console.Page.FillAsync("#note-query", $"garden plan tomatoes {marker}");
        await console.Page.Keyboard.PressAsync("Enter");
        var hit = console.Page.Locator($".note-hit[data-path='{path}']");
        await Expect(hit).ToContainTextAsync($"Garden plan {marker}");
        await hit.Locator(".note-open").ClickAsync();

        var note = console.Page.Locator(".note-view .markdown");
        await Expect(note.Locator("h2")).ToHaveTextAsync($"Garden plan {marker}");
        await Expect(note.Locator("strong")).ToHaveTextAsync("tomatoes");
        await Expect(note.Locator("em")).ToHaveTextAsync("May");
        await Expect(note.Locator("li")).ToHaveCountAsync(2);
        await Expect(note.Locator("li input[type='checkbox']")).ToBeCheckedAsync();
        await Expect(note.Locator("pre code")).ToHaveTextAsync($"code block {marker}");
        await Expect(note).ToContainTextAsync("<img src=x onerror=");
        await Expect(note.Locator("img")).ToHaveCountAsync(0);
        await console.ScreenshotAsync("knowledge-note");

        // A wiki link opens the other note.
        await note.Locator("a.wiki-link").ClickAsync();
        await Expect(console.Page.Locator(".note-view .markdown h2")).ToHaveTextAsync($"Seeds {marker}");
        Assert.DoesNotContain("pwned", await console.Page.TitleAsync(), StringComparison.Ordinal);
        console.AssertNoConsoleErrors();
    }

    private async Task AssertFactAsync(string subject, string predicate, string obj, string validFrom)
    {
        var body = new JsonObject
        {
            ["facts"] = new JsonArray(new JsonObject { ["subject"] = subject, ["predicate"] = predicate, ["object"] = obj, ["validFrom"] = validFrom, ["single"] = true }),
        };
        using var response = await host.Host.Client.PostAsJsonAsync("/api/graph/facts", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task PutNoteAsync(string path, string markdown)
    {
        using var content = new StringContent(markdown, Encoding.UTF8, "text/markdown");
        using var response = await host.Host.Client.PutAsync(new Uri("/api/notes/" + path, UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
