using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>
/// <c>/api/graph</c> and <c>/api/notes</c> over HTTP on the real host: the contract's shapes, conflicts and as-of reads,
/// bad input as 422 naming the field, principal isolation, the <c>graph.*</c>/<c>notes.*</c> tools in a goal, and a
/// finished goal written back into its owner's graph and memories.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class KnowledgeApiTests(MemoriesApiTests.Host host) : IClassFixture<MemoriesApiTests.Host>
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(90);

    private HttpClient Alice => host.Alice;

    private HttpClient Bob => host.Bob;

    [Fact]
    public async Task AssertFacts_Contradiction_AnswersIdsAndTheConflict_AndAsOfReadsWhatWasKnownThen()
    {
        var person = NewName("Ada");
        var first = await OkJsonAsync(await PostAsync(Alice, "/api/graph/facts", Facts(Fact(person, "lives_in", "Paris", "2026-03-01T00:00:00Z", single: true))));
        Assert.Equal(["ids", "conflicts", "replayed"], first.Select(p => p.Key));
        var parisId = first["ids"]![0]!.GetValue<string>();
        var before = await RecordedAtAsync(person);

        var second = await OkJsonAsync(await PostAsync(Alice, "/api/graph/facts", Facts(Fact(person, "Lives In", "Berlin", "2026-09-01T00:00:00Z", single: true))));

        var conflict = Assert.Single(second["conflicts"]!.AsArray())!;
        Assert.Equal("superseded", conflict["kind"]!.GetValue<string>());
        Assert.Equal(0, conflict["index"]!.GetValue<int>());
        Assert.Equal(second["ids"]![0]!.GetValue<string>(), conflict["factId"]!.GetValue<string>());
        Assert.Equal(parisId, conflict["existing"]!["id"]!.GetValue<string>());
        Assert.Equal("Paris", conflict["existing"]!["object"]!.GetValue<string>());

        var now = await OkJsonAsync(await Alice.GetAsync($"/api/graph/entities/{Uri.EscapeDataString(person)}?depth=1"));
        Assert.Equal(["Berlin"], now["facts"]!.AsArray().Select(f => f!["object"]!.GetValue<string>()));
        var then = await OkJsonAsync(await Alice.GetAsync($"/api/graph/entities/{Uri.EscapeDataString(person)}?depth=1&asOf={Uri.EscapeDataString(before)}"));
        Assert.Equal(["Paris"], then["facts"]!.AsArray().Select(f => f!["object"]!.GetValue<string>()));
    }

    [Fact]
    public async Task GetFact_AnswersItsProvenanceAndWhatRetiredIt_AndAnotherPrincipalGets404()
    {
        var person = NewName("Grace");
        var first = await OkJsonAsync(await PostAsync(Alice, "/api/graph/facts", Facts(Fact(person, "lives_in", "Paris", "2026-03-01T00:00:00Z", single: true))));
        var parisId = first["ids"]![0]!.GetValue<string>();
        var second = await OkJsonAsync(await PostAsync(Alice, "/api/graph/facts", Facts(Fact(person, "lives_in", "Berlin", "2026-09-01T00:00:00Z", single: true))));

        var fact = await OkJsonAsync(await Alice.GetAsync($"/api/graph/facts/{parisId}"));

        Assert.Equal(
            ["id", "subject", "predicate", "object", "single", "validFrom", "validTo", "recordedAt", "invalidatedAt", "invalidatedBy", "episodes"],
            fact.Select(p => p.Key));
        Assert.Equal((person, "lives_in", "Paris"), (fact["subject"]!.GetValue<string>(), fact["predicate"]!.GetValue<string>(), fact["object"]!.GetValue<string>()));
        Assert.NotNull(fact["invalidatedAt"]);
        Assert.Equal(second["ids"]![0]!.GetValue<string>(), fact["invalidatedBy"]!["id"]!.GetValue<string>());
        Assert.Equal("Berlin", fact["invalidatedBy"]!["object"]!.GetValue<string>());
        var episode = Assert.Single(fact["episodes"]!.AsArray())!;
        Assert.Equal(("api", "POST /api/graph/facts"), (episode["kind"]!.GetValue<string>(), episode["source"]!.GetValue<string>()));
        Assert.NotNull(episode["recordedAt"]);

        using var other = await Bob.GetAsync($"/api/graph/facts/{parisId}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        using var missing = await Alice.GetAsync("/api/graph/facts/f_00000000000000000000000000000000");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ChangesAndPath_AnswerTheListContractAndTheWalk()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        var kiln = NewName("Kiln");
        var studio = NewName("Studio");
        await OkJsonAsync(await PostAsync(Alice, "/api/graph/facts", Facts(Fact(kiln, "located_in", studio), Fact(studio, "owned_by", "Alice Example"))));

        var changes = await OkJsonAsync(await Alice.GetAsync($"/api/graph/changes?from={Uri.EscapeDataString(from)}&limit=500"));
        Assert.Equal(["items", "nextCursor"], changes.Select(p => p.Key));
        Assert.Contains(changes["items"]!.AsArray(), c => c!["kind"]!.GetValue<string>() == "added" && c["fact"]!["subject"]!.GetValue<string>() == kiln);

        var path = await OkJsonAsync(await Alice.GetAsync($"/api/graph/path?from={Uri.EscapeDataString(kiln)}&to={Uri.EscapeDataString("Alice Example")}"));
        Assert.Equal(2, path["steps"]!.AsArray().Count);

        var page = await OkJsonAsync(await Alice.GetAsync($"/api/graph/changes?from={Uri.EscapeDataString(from)}&limit=1"));
        Assert.Single(page["items"]!.AsArray());
        Assert.NotNull(page["nextCursor"]);
    }

    [Theory]
    [InlineData("""{"facts":[{"subject":"a","predicate":"p","object":"b","colour":"red"}]}""", "facts[0].colour")]
    [InlineData("""{"facts":[{"subject":"a","predicate":"p","object":"b"}],"extra":1}""", "extra")]
    [InlineData("""{"facts":[{"subject":"","predicate":"p","object":"b"}]}""", "facts[0].subject")]
    [InlineData("""{"facts":[{"subject":"a","predicate":"p","object":["x"]}]}""", "facts[0].object")]
    [InlineData("""{"facts":[{"subject":"a","predicate":"p","object":"b","validFrom":"last tuesday"}]}""", "facts[0].validFrom")]
    [InlineData("""{"facts":[]}""", "facts")]
    public async Task AssertFacts_InvalidBody_Is422NamingTheField(string body, string path)
    {
        using var response = await Alice.PostAsync(new Uri("/api/graph/facts", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertInvalidAsync(response, path);
    }

    [Theory]
    [InlineData("/api/graph/entities/x?depth=many", "depth")]
    [InlineData("/api/graph/entities/x?asOf=yesterday", "asOf")]
    [InlineData("/api/graph/changes", "from")]
    [InlineData("/api/graph/changes?from=2026-01-01T00:00:00Z&limit=501", "limit")]
    [InlineData("/api/graph/path?from=x", "to")]
    [InlineData("/api/notes/search", "q")]
    public async Task Queries_Invalid_Are422NamingTheParameter(string uri, string path)
    {
        await AssertInvalidAsync(await Alice.GetAsync(new Uri(uri, UriKind.Relative)), path);
    }

    [Fact]
    public async Task Notes_PutGetSearchDelete_WithFoldersLinksAndTags()
    {
        var folder = NewName("projects").Replace(' ', '-');
        var markdown = $"---\ntitle: Kiln {folder}\ntags: [ceramics]\n---\n\n# Kiln\n\nThe glaze crawled at cone 6; see [[firing-log]] and #studio.\n";

        var put = await OkJsonAsync(await PutNoteAsync(Alice, $"{folder}/kiln.md", markdown));
        Assert.Equal($"{folder}/kiln.md", put["path"]!.GetValue<string>());
        Assert.Contains("firing-log", put["links"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Contains("ceramics", put["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        using (var get = await Alice.GetAsync($"/api/notes/{folder}/kiln.md"))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal("text/markdown", get.Content.Headers.ContentType?.MediaType);
            Assert.Equal(markdown, await get.Content.ReadAsStringAsync());
        }

        var found = await OkJsonAsync(await Alice.GetAsync("/api/notes/search?q=" + Uri.EscapeDataString("glaze crawled cone")));
        Assert.Equal(["items", "nextCursor"], found.Select(p => p.Key));
        Assert.Contains(found["items"]!.AsArray(), h => h!["path"]!.GetValue<string>() == $"{folder}/kiln.md");

        using (var deleted = await Alice.DeleteAsync($"/api/notes/{folder}/kiln.md"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await Alice.GetAsync($"/api/notes/{folder}/kiln.md"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        var after = await OkJsonAsync(await Alice.GetAsync("/api/notes/search?q=" + Uri.EscapeDataString("glaze crawled cone")));
        Assert.DoesNotContain(after["items"]!.AsArray(), h => h!["path"]!.GetValue<string>() == $"{folder}/kiln.md");
    }

    [Fact]
    public async Task Notes_BadPathOrMediaType_AreRefusedAndNothingIsWritten()
    {
        using (var json = await Alice.PutAsync(new Uri("/api/notes/a.md", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        }

        using (var notMarkdown = await PutNoteAsync(Alice, "a.txt", "text"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, notMarkdown.StatusCode);
        }

        using (var escape = await PutNoteAsync(Alice, "a/%2E%2E/%2E%2E/escape.md", "text"))
        {
            Assert.True(escape.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"got {(int)escape.StatusCode}");
        }

        using var missing = await Alice.GetAsync("/api/notes/escape.md");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task AnotherPrincipal_SeesNoneOfTheGraphOrNotes()
    {
        var secret = NewName("Vault");
        await OkJsonAsync(await PostAsync(Alice, "/api/graph/facts", Facts(Fact(secret, "code", "swordfish"))));
        await OkJsonAsync(await PutNoteAsync(Alice, $"{secret.Replace(' ', '-')}.md", "The vault code is swordfish.\n"));

        using (var entity = await Bob.GetAsync($"/api/graph/entities/{Uri.EscapeDataString(secret)}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, entity.StatusCode);
        }

        using (var path = await Bob.GetAsync($"/api/graph/path?from={Uri.EscapeDataString(secret)}&to=swordfish"))
        {
            Assert.Equal(HttpStatusCode.NotFound, path.StatusCode);
        }

        using (var note = await Bob.GetAsync($"/api/notes/{secret.Replace(' ', '-')}.md"))
        {
            Assert.Equal(HttpStatusCode.NotFound, note.StatusCode);
        }

        var search = await OkJsonAsync(await Bob.GetAsync("/api/notes/search?q=vault+code+swordfish"));
        Assert.Empty(search["items"]!.AsArray());
        var changes = await OkJsonAsync(await Bob.GetAsync("/api/graph/changes?from=2000-01-01T00:00:00Z&limit=500"));
        Assert.DoesNotContain(changes["items"]!.AsArray(), c => c!["fact"]!["subject"]!.GetValue<string>() == secret);
    }

    [Fact]
    public async Task Goal_UsesTheGraphAndNotesTools_AsItsPrincipal()
    {
        var kiln = NewName("Kiln");
        var note = kiln.Replace(' ', '-') + ".md";
        var goal = Goal("graph and notes",
            Step("assert", "graph.assert", new { facts = new[] { new { subject = kiln, predicate = "max_temperature", @object = 1300 } } }),
            Step("query", "graph.query", new { entity = kiln }, "assert"),
            Step("write", "notes.write", new { path = note, title = kiln, problem = "The shelf cracked.", solution = "Use wadding.", takeaway = "Always use wadding under glazed pots." }),
            Step("search", "notes.search", new { query = "wadding under glazed pots" }, "write"));

        var finished = await Alice.WaitFinishedAsync(await Alice.SubmitAsync(goal), SafetyTimeout);

        Assert.True(finished["status"]!.GetValue<string>() == "Succeeded", finished.ToJsonString());
        var query = finished["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "query")!["output"]!;
        Assert.Equal(1300, query["facts"]![0]!["object"]!["value"]!.GetValue<int>());
        var search = finished["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "search")!["output"]!;
        Assert.Contains(note, search.ToJsonString(), StringComparison.Ordinal);
        using var own = await Alice.GetAsync($"/api/notes/{note}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var other = await Bob.GetAsync($"/api/graph/entities/{Uri.EscapeDataString(kiln)}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task FinishedGoal_IsWrittenBackAsAnEpisodeLinkedToItsToolsAndAsAMemory()
    {
        var marker = NewName("glazebook").Replace(' ', '-');
        var goal = Goal($"write the {marker}", Step("write", "file.write", new { path = $"{marker}.txt", content = "cone 6" }));
        var id = await Alice.SubmitAsync(goal);
        var finished = await Alice.WaitFinishedAsync(id, SafetyTimeout);
        Assert.True(finished["status"]!.GetValue<string>() == "Succeeded", finished.ToJsonString());

        JsonObject? entity = null;
        using var timeout = new CancellationTokenSource(SafetyTimeout);
        while (entity is null)
        {
            using var response = await Alice.GetAsync($"/api/graph/entities/{Uri.EscapeDataString("goal:" + id)}", timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                entity = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token))!.AsObject();
            }
            else
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        Assert.Contains("file.write", entity["neighbours"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
        Assert.Contains(entity["facts"]!.AsArray(), f => f!["predicate"]!.GetValue<string>() == "status" && f["object"]!["value"]!.GetValue<string>() == "Succeeded");

        // The memory is written right after the episode: wait for it too.
        var memories = new JsonArray();
        while (memories.Count == 0)
        {
            var found = await OkJsonAsync(await PostAsync(Alice, "/api/memories/search", new JsonObject { ["query"] = marker, ["mode"] = "keyword", ["scope"] = new JsonObject { ["goal"] = id } }));
            memories = found["items"]!.AsArray();
            if (memories.Count == 0)
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        Assert.Contains(memories, m => m!["text"]!.GetValue<string>().Contains(marker, StringComparison.Ordinal));
        using var other = await Bob.GetAsync($"/api/graph/entities/{Uri.EscapeDataString("goal:" + id)}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    private static string NewName(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..10]}";

    private static JsonObject Fact(string subject, string predicate, string obj, string? validFrom = null, bool single = false)
    {
        var fact = new JsonObject { ["subject"] = subject, ["predicate"] = predicate, ["object"] = obj };
        if (validFrom is not null)
        {
            fact["validFrom"] = validFrom;
        }

        if (single)
        {
            fact["single"] = true;
        }

        return fact;
    }

    private static JsonObject Facts(params JsonObject[] facts) => new() { ["facts"] = new JsonArray([.. facts]) };

    private async Task<string> RecordedAtAsync(string entity)
    {
        var found = await OkJsonAsync(await Alice.GetAsync($"/api/graph/entities/{Uri.EscapeDataString(entity)}"));
        return found["facts"]![0]!["recordedAt"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> PutNoteAsync(HttpClient client, string path, string markdown) =>
        client.PutAsync(new Uri("/api/notes/" + path, UriKind.Relative), new StringContent(markdown, Encoding.UTF8, "text/markdown"));

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, JsonObject body) => client.PostJsonAsync(path, body);

    private static Task<JsonObject> OkJsonAsync(HttpResponseMessage response) => ApiAnswers.OkJsonAsync(response);

    private static Task AssertInvalidAsync(HttpResponseMessage response, string path) => ApiAnswers.AssertInvalidAsync(response, path);
}
