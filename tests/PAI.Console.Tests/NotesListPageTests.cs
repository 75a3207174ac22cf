using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PAI.Console.Tests;

/// <summary>The knowledge page's notes list: the caller's notes in path order under a folder, as the API lists them,
/// 50 at a time with More for the rest, tags shown, and a note opened from the list rendered from its markdown.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class NotesListPageTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task NotesList_FolderFilter_PagesWithMore_OpensANote()
    {
        var folder = $"shelf-{Guid.NewGuid().ToString("N")[..6]}";
        for (var i = 0; i < 51; i++)
        {
            await PutNoteAsync($"{folder}/n{i:D2}.md", i == 0 ? "---\ntags: [pottery]\n---\n# First shelf note\n\nSee **glaze** tests.\n" : $"# Note {i:D2}\n");
        }

        // What the API lists under the folder: the first page of 50, in path order, then one more.
        var first = await host.Host.Client.GetFromJsonAsync<JsonObject>($"/api/notes?prefix={folder}/");
        Assert.Equal(50, first!["items"]!.AsArray().Count);
        Assert.NotNull(first["nextCursor"]);

        await using var console = await host.OpenAsync();
        await console.SignInAsync("#/knowledge?tab=notes");
        await console.Page.FillAsync("#note-prefix", folder + "/");
        await console.Page.Locator("#note-prefix").PressAsync("Enter");
        var items = console.Page.Locator(".note-list .note-item");
        await Expect(items).ToHaveCountAsync(50);
        await Expect(items.First).ToHaveAttributeAsync("data-path", $"{folder}/n00.md");
        await Expect(items.First).ToContainTextAsync("First shelf note");
        await Expect(items.First.Locator(".note-tags")).ToHaveTextAsync("#pottery");
        await Expect(items.Nth(49)).ToHaveAttributeAsync("data-path", first["items"]![49]!["path"]!.GetValue<string>());
        await console.ScreenshotAsync("knowledge-notes-list");

        await console.Page.Locator(".note-more").ClickAsync();
        await Expect(items).ToHaveCountAsync(51);
        await Expect(items.Nth(50)).ToHaveAttributeAsync("data-path", $"{folder}/n50.md");
        await Expect(console.Page.Locator(".note-more")).ToBeHiddenAsync();

        await items.First.Locator(".note-open").ClickAsync();
        var note = console.Page.Locator(".note-view .markdown");
        await Expect(note.Locator("h2")).ToHaveTextAsync("First shelf note");
        await Expect(note.Locator("strong")).ToHaveTextAsync("glaze");
        await Expect(console.Page.Locator("#note-prefix")).ToHaveValueAsync(folder + "/");
        console.AssertNoConsoleErrors();
    }

    private async Task PutNoteAsync(string path, string markdown)
    {
        using var content = new StringContent(markdown, Encoding.UTF8, "text/markdown");
        using var response = await host.Host.Client.PutAsync(new Uri("/api/notes/" + path, UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
