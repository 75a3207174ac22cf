using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary><c>/api/memories</c> over HTTP on the real host: the contract's shapes, bad input, forgetting and principal isolation.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class MemoriesApiTests(MemoriesApiTests.Host host) : IClassFixture<MemoriesApiTests.Host>
{
    private HttpClient Alice => host.Alice;

    private HttpClient Bob => host.Bob;

    [Fact]
    public async Task RememberThenSearch_EveryMode_AnswersTheContractShape()
    {
        var project = NewProject();
        var ids = await RememberAsync(Alice, new JsonArray(
            Item("Caroline: I went to an LGBTQ support group yesterday and it was so powerful.", project, new JsonObject { ["speaker"] = "Caroline" }, "2023-05-08T13:56:00Z"),
            Item("Melanie: I painted a sunrise over the lake last summer.", project, new JsonObject { ["speaker"] = "Melanie" }, "2023-05-08T13:57:00Z")));

        foreach (var mode in new[] { "hybrid", "vector", "keyword" })
        {
            using var response = await PostAsync(Alice, "/api/memories/search", new JsonObject { ["query"] = "Which support group did Caroline go to?", ["k"] = 5, ["mode"] = mode, ["scope"] = new JsonObject { ["project"] = project } });
            var body = await OkJsonAsync(response);
            var first = body["items"]!.AsArray()[0]!.AsObject();
            Assert.Equal(["id", "text", "score", "metadata", "occurredAt"], first.Select(p => p.Key));
            Assert.Equal(ids[0], first["id"]!.GetValue<string>());
            Assert.Equal("Caroline", first["metadata"]!["speaker"]!.GetValue<string>());
            Assert.Equal(new DateTimeOffset(2023, 5, 8, 13, 56, 0, TimeSpan.Zero), first["occurredAt"]!.GetValue<DateTimeOffset>());
            Assert.True(response.Headers.Contains("Server-Timing"));
        }
    }

    [Fact]
    public async Task Search_FilterAndDefaultHybrid_ReturnOnlyMatchingMemories()
    {
        var project = NewProject();
        var ids = await RememberAsync(Alice, new JsonArray(
            Item("Caroline: hiking in the mountains is my favourite", project, new JsonObject { ["speaker"] = "Caroline" }),
            Item("Melanie: hiking in the mountains is my favourite", project, new JsonObject { ["speaker"] = "Melanie" })));

        var body = await OkJsonAsync(await PostAsync(Alice, "/api/memories/search", new JsonObject
        {
            ["query"] = "hiking",
            ["scope"] = new JsonObject { ["project"] = project },
            ["filter"] = new JsonObject { ["metadata"] = new JsonObject { ["speaker"] = "Melanie" } },
        }));

        Assert.Equal([ids[1]], body["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Delete_OwnMemory_Is204AndItIsGoneFromEverySearch()
    {
        var project = NewProject();
        var ids = await RememberAsync(Alice, new JsonArray(Item("the kiln reached cone 10", project), Item("the kiln cracked a shelf", project)));

        using (var deleted = await Alice.DeleteAsync($"/api/memories/{ids[0]}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        foreach (var mode in new[] { "hybrid", "vector", "keyword" })
        {
            Assert.DoesNotContain(ids[0], await SearchIdsAsync(Alice, "kiln cone", project, mode));
        }

        using var get = await Alice.GetAsync($"/api/memories/{ids[0]}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var again = await Alice.DeleteAsync($"/api/memories/{ids[0]}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnotherPrincipal_CannotFindReadOrDeleteTheMemories()
    {
        var project = NewProject();
        var ids = await RememberAsync(Alice, new JsonArray(Item("alice's secret: the spare key is under the blue pot", project)));

        foreach (var mode in new[] { "hybrid", "vector", "keyword" })
        {
            Assert.Empty(await SearchIdsAsync(Bob, "spare key blue pot", project, mode));
            Assert.Empty(await SearchIdsAsync(Bob, "spare key blue pot", null, mode));
        }

        using (var get = await Bob.GetAsync($"/api/memories/{ids[0]}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        using (var delete = await Bob.DeleteAsync($"/api/memories/{ids[0]}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        using (var forgetAll = await Bob.DeleteAsync("/api/memories?all=true"))
        {
            Assert.Equal(HttpStatusCode.OK, forgetAll.StatusCode);
        }

        Assert.Equal(ids, await SearchIdsAsync(Alice, "spare key blue pot", project, "hybrid"));
        using var own = await Alice.GetAsync($"/api/memories/{ids[0]}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Theory]
    [InlineData("""{"items":[{"text":"x","colour":"red"}]}""", "items[0].colour")]
    [InlineData("""{"items":[{"text":"x"}],"extra":1}""", "extra")]
    [InlineData("""{"items":[{"text":""}]}""", "items[0].text")]
    [InlineData("""{"items":[{"text":"x","metadata":"not an object"}]}""", "items[0].metadata")]
    [InlineData("""{"items":[{"text":"x","occurredAt":"last tuesday"}]}""", "items[0].occurredAt")]
    [InlineData("""{"items":[{"text":"x","scope":{"principal":"bob"}}]}""", "items[0].scope.principal")]
    [InlineData("""{"items":[]}""", "items")]
    [InlineData("""{"items":"x"}""", "items")]
    public async Task Remember_InvalidBody_Is422NamingTheFieldAndStoresNothing(string body, string path)
    {
        using var response = await Alice.PostAsync(new Uri("/api/memories", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertInvalidAsync(response, path);
    }

    [Theory]
    [InlineData("""{"query":"x","mode":"fuzzy"}""", "mode")]
    [InlineData("""{"query":"x","k":0}""", "k")]
    [InlineData("""{"query":"x","k":101}""", "k")]
    [InlineData("""{"query":""}""", "query")]
    [InlineData("""{"k":3}""", "query")]
    [InlineData("""{"query":"x","sort":"date"}""", "sort")]
    [InlineData("""{"query":"x","filter":{"metadata":{"a b":1}}}""", "filter.metadata.a b")]
    public async Task Search_InvalidBody_Is422NamingTheField(string body, string path)
    {
        using var response = await Alice.PostAsync(new Uri("/api/memories/search", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertInvalidAsync(response, path);
    }

    [Fact]
    public async Task Remember_TooManyItemsOrTooLongText_Is422AndNothingIsStored()
    {
        var project = NewProject();
        var many = new JsonArray([.. Enumerable.Range(0, 1001).Select(i => (JsonNode)Item($"unique-{project} item {i}", project))]);
        await AssertInvalidAsync(await PostAsync(Alice, "/api/memories", new JsonObject { ["items"] = many }), "items");

        var tooLong = new JsonArray(Item($"unique-{project} fine", project), Item(new string('x', 8001), project));
        await AssertInvalidAsync(await PostAsync(Alice, "/api/memories", new JsonObject { ["items"] = tooLong }), "items[1].text");

        Assert.Empty(await SearchIdsAsync(Alice, $"unique-{project}", project, "keyword"));
    }

    [Fact]
    public async Task Remember_MalformedJsonOrNoKey_Is400Or401()
    {
        using var malformed = await Alice.PostAsync(new Uri("/api/memories", UriKind.Relative), new StringContent("{\"items\": [", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        using var anonymous = new HttpClient { BaseAddress = Alice.BaseAddress };
        using var refused = await anonymous.PostAsync(new Uri("/api/memories/search", UriKind.Relative), new StringContent("""{"query":"x"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Remember_RetriedWithTheSameIdempotencyKey_AnswersTheSameIdsAndStoresOnce()
    {
        var project = NewProject();
        var body = new JsonObject { ["items"] = new JsonArray(Item($"retry-{project} one", project), Item($"retry-{project} two", project)) };

        var first = await RememberAsync(Alice, body, "retry-" + project);
        var second = await RememberAsync(Alice, body, "retry-" + project);

        Assert.Equal(first, second);
        Assert.Equal(2, (await SearchIdsAsync(Alice, $"retry-{project}", project, "keyword")).Count);
    }

    [Fact]
    public async Task ForgetAll_OwnMemories_AllGoAndTheCountIsAnswered()
    {
        using var charlie = host.Client(host.CharlieKey);
        await RememberAsync(charlie, new JsonArray(Item("charlie one", null), Item("charlie two", null)));

        using (var unconfirmed = await charlie.DeleteAsync("/api/memories"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        }

        var answer = await OkJsonAsync(await charlie.DeleteAsync("/api/memories?all=true"));
        Assert.Equal(2, answer["deleted"]!.GetValue<long>());
        Assert.Empty(await SearchIdsAsync(charlie, "charlie", null, "hybrid"));
    }

    [Fact]
    public async Task Goal_RemembersThenRecalls_ThroughTheToolsAsTheGoalsPrincipal()
    {
        var project = NewProject();
        var goal = Goal("remember and recall",
            Step("remember", "memory.remember", new { text = "the studio key hangs behind the red door", project }),
            Step("recall", "memory.recall", new { query = "where is the studio key", project }, "remember"));

        var id = await Alice.SubmitAsync(goal);
        var finished = await Alice.WaitFinishedAsync(id, TimeSpan.FromSeconds(60));

        Assert.True(finished["status"]!.GetValue<string>() == "Succeeded", finished.ToJsonString());
        var recall = finished["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "recall")!;
        Assert.Equal("the studio key hangs behind the red door", recall["output"]!["items"]![0]!["text"]!.GetValue<string>());
        Assert.Single(await SearchIdsAsync(Alice, "studio key", project, "hybrid"));
        Assert.Empty(await SearchIdsAsync(Bob, "studio key", project, "hybrid"));
    }

    private static string NewProject() => "p" + Guid.NewGuid().ToString("N")[..10];

    private static JsonObject Item(string text, string? project, JsonObject? metadata = null, string? occurredAt = null)
    {
        var item = new JsonObject { ["text"] = text };
        if (metadata is not null)
        {
            item["metadata"] = metadata;
        }

        if (occurredAt is not null)
        {
            item["occurredAt"] = occurredAt;
        }

        if (project is not null)
        {
            item["scope"] = new JsonObject { ["project"] = project };
        }

        return item;
    }

    private static Task<List<string>> RememberAsync(HttpClient client, JsonArray items) => RememberAsync(client, new JsonObject { ["items"] = items }, null);

    private static async Task<List<string>> RememberAsync(HttpClient client, JsonObject body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/memories") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var answer = await OkJsonAsync(await client.SendAsync(request));
        return [.. answer["ids"]!.AsArray().Select(i => i!.GetValue<string>())];
    }

    private static async Task<List<string>> SearchIdsAsync(HttpClient client, string query, string? project, string mode)
    {
        var body = new JsonObject { ["query"] = query, ["mode"] = mode, ["k"] = 10 };
        if (project is not null)
        {
            body["scope"] = new JsonObject { ["project"] = project };
        }

        var answer = await OkJsonAsync(await PostAsync(client, "/api/memories/search", body));
        return [.. answer["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, JsonObject body) => client.PostJsonAsync(path, body);

    private static Task<JsonObject> OkJsonAsync(HttpResponseMessage response) => ApiAnswers.OkJsonAsync(response);

    private static Task AssertInvalidAsync(HttpResponseMessage response, string path) => ApiAnswers.AssertInvalidAsync(response, path);

    /// <summary>One host whose data folder holds keys for three user principals besides the admin.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private PaiProcess? _process;

        public string AliceKey { get; } = "pai_alice_" + Guid.NewGuid().ToString("N");

        public string BobKey { get; } = "pai_bob_" + Guid.NewGuid().ToString("N");

        public string CharlieKey { get; } = "pai_charlie_" + Guid.NewGuid().ToString("N");

        public HttpClient Alice { get; private set; } = null!;

        public HttpClient Bob { get; private set; } = null!;

        public HttpClient Client(string key) => SeededKeys.ClientFor(_process!, key);

        public async Task InitializeAsync()
        {
            _process = await PaiProcess.StartNewAsync(seed: dir => SeededKeys.WriteAsync(
                dir,
                ("admin", "admin", PaiProcess.ApiKey),
                ("alice", "user", AliceKey),
                ("bob", "user", BobKey),
                ("charlie", "user", CharlieKey)));
            Alice = Client(AliceKey);
            Bob = Client(BobKey);
        }

        public async Task DisposeAsync()
        {
            Alice?.Dispose();
            Bob?.Dispose();
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }
        }
    }
}
