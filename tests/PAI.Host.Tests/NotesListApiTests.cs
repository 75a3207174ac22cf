using System.Text;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Host.Tests;

/// <summary><c>GET /api/notes</c> on the real host: the caller's notes in path order with title, tags, size and
/// updatedAt, a prefix, the list envelope's paging, bad parameters as 422 naming them, and another principal sees none.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class NotesListApiTests(MemoriesApiTests.Host host) : IClassFixture<MemoriesApiTests.Host>
{
    [Fact]
    public async Task List_PathOrder_TitleTagsSizeUpdatedAt_PrefixAndPaging()
    {
        var folder = "list-" + Guid.NewGuid().ToString("N")[..8];
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);
        var kiln = $"---\ntitle: The kiln\ntags: [ceramics]\n---\n\nGlaze notes, #studio.\n";
        await PutAsync(host.Alice, $"{folder}/b/kiln.md", kiln);
        await PutAsync(host.Alice, $"{folder}/a.md", "# Alpha\n\nFirst.\n");
        await PutAsync(host.Alice, $"{folder}/c.md", "Just text.\n");
        await PutAsync(host.Alice, $"{folder}-other/z.md", "# Outside\n");

        var all = await ListAsync(host.Alice, $"?prefix={Uri.EscapeDataString(folder + "/")}");
        Assert.Equal(["items", "nextCursor"], all.Select(p => p.Key));
        Assert.Null(all["nextCursor"]);
        var items = all["items"]!.AsArray();
        Assert.Equal([$"{folder}/a.md", $"{folder}/b/kiln.md", $"{folder}/c.md"], items.Select(i => i!["path"]!.GetValue<string>()));
        var note = items[1]!.AsObject();
        Assert.Equal(["path", "title", "tags", "size", "updatedAt"], note.Select(p => p.Key));
        Assert.Equal("The kiln", note["title"]!.GetValue<string>());
        Assert.Contains("ceramics", note["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("studio", note["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(Encoding.UTF8.GetByteCount(kiln), note["size"]!.GetValue<long>());
        // The file's own modification time: from these writes (not a default or the epoch), and not in the future.
        var updatedAt = note["updatedAt"]!.GetValue<DateTimeOffset>();
        Assert.True(updatedAt >= started, $"updatedAt {updatedAt:O} is older than the writes ({started:O})");
        Assert.True(updatedAt <= DateTimeOffset.UtcNow.AddMinutes(1), $"updatedAt {updatedAt:O} is in the future");
        Assert.Equal("Alpha", items[0]!["title"]!.GetValue<string>());
        Assert.Equal("c", items[2]!["title"]!.GetValue<string>());

        // A page of one, then the rest by cursor: the same three, once each, in order.
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(host.Alice, $"?prefix={Uri.EscapeDataString(folder + "/")}&limit=1" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["path"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            Assert.True(seen.Count <= 3, "paging did not end");
        }
        while (cursor is not null);
        Assert.Equal(items.Select(i => i!["path"]!.GetValue<string>()), seen);

        // Without a prefix, the folder next door is listed too.
        var everything = await ListAsync(host.Alice, "?limit=500");
        Assert.Contains(everything["items"]!.AsArray(), i => i!["path"]!.GetValue<string>() == $"{folder}-other/z.md");
    }

    [Fact]
    public async Task List_AnotherPrincipal_SeesNone()
    {
        var folder = "private-" + Guid.NewGuid().ToString("N")[..8];
        await PutAsync(host.Alice, $"{folder}/diary.md", "# Diary\n");

        var bob = await ListAsync(host.Bob, $"?prefix={folder}");
        Assert.Empty(bob["items"]!.AsArray());
        var bobAll = await ListAsync(host.Bob, "?limit=500");
        Assert.DoesNotContain(bobAll["items"]!.AsArray(), i => i!["path"]!.GetValue<string>().StartsWith(folder, StringComparison.Ordinal));
        var alice = await ListAsync(host.Alice, $"?prefix={folder}");
        Assert.Single(alice["items"]!.AsArray());
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    [InlineData("?prefix=a%00b", "prefix")]
    [InlineData("?prefix=a%5Cb", "prefix")]
    public async Task List_BadParameter_Is422NamingIt(string query, string field)
    {
        await ApiAnswers.AssertInvalidAsync(await host.Alice.GetAsync(new Uri("/api/notes" + query, UriKind.Relative)), field);
    }

    [Fact]
    public async Task List_TooLongPrefix_Is422()
    {
        await ApiAnswers.AssertInvalidAsync(await host.Alice.GetAsync(new Uri("/api/notes?prefix=" + new string('a', 401), UriKind.Relative)), "prefix");
    }

    private static async Task PutAsync(HttpClient client, string path, string markdown)
    {
        using var response = await client.PutAsync(new Uri("/api/notes/" + path, UriKind.Relative), new StringContent(markdown, Encoding.UTF8, "text/markdown"));
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonObject> ListAsync(HttpClient client, string query) =>
        await ApiAnswers.OkJsonAsync(await client.GetAsync(new Uri("/api/notes" + query, UriKind.Relative)));
}
