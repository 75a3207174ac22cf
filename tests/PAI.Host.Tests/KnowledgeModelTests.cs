using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using PAI.Testing.Models;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>
/// The knowledge graph with a model configured, on the real host against the scripted OpenAI-compatible server: the
/// planner is shown the goal owner's current facts about what the goal names (and none of another principal's), and a
/// finished goal's facts are extracted by the model (bounded, ADD-only, linked to the goal), a failing model being
/// given up after its attempts without stopping the write-back; a note written over HTTP is read by the model in the
/// background on its writer's tokens (counted in <c>GET /api/quota</c>), with the note as the facts' provenance.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class KnowledgeModelTests(KnowledgeModelTests.Host host) : IClassFixture<KnowledgeModelTests.Host>
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Planner_IsShownTheOwnersCurrentFactsAboutWhatTheGoalNames_AndNoneOfAnotherPrincipals()
    {
        var token = Guid.NewGuid().ToString("N")[..10];
        var kiln = $"Kiln {token}";
        await OkAsync(await PostAsync(host.Alice, "/api/graph/facts", Facts(Fact(kiln, "located_in", $"Studio {token}"))));
        await OkAsync(await PostAsync(host.Bob, "/api/graph/facts", Facts(Fact(kiln, "owned_by", $"Bobs secret {token}"))));
        bool IsMyPlan(ScriptedRequest r) => IsPlanner(r) && r.AllUser.Contains(kiln, StringComparison.Ordinal);
        host.Model.On(IsMyPlan, _ => ScriptedReply.Json(new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "a", ["tool"] = "echo", ["with"] = new JsonObject { ["text"] = "fired" } }),
        }));

        var id = await host.Alice.SubmitAsync(new JsonObject { ["title"] = $"fire the {kiln} tonight" });
        var asked = await host.Model.WaitForAsync(IsMyPlan, SafetyTimeout);
        var goal = await host.Alice.WaitFinishedAsync(id, SafetyTimeout);

        Assert.Contains("Current facts PAI knows", asked.AllUser, StringComparison.Ordinal);
        Assert.Contains($"{kiln} located in Studio {token}", asked.AllUser, StringComparison.Ordinal);
        Assert.DoesNotContain("Bobs secret", asked.AllUser, StringComparison.Ordinal);
        var shown = goal["planning"]!["versions"]![0]!["memories"]!.AsArray();
        Assert.Contains(shown, m => m!["kind"]!.GetValue<string>() == "fact" && m["text"]!.GetValue<string>() == $"{kiln} located in Studio {token}");
    }

    [Fact]
    public async Task FinishedGoal_FactsExtractedByTheModel_AreAddedAndLinkedToTheGoal_InvalidOnesDropped()
    {
        var token = "xtr-" + Guid.NewGuid().ToString("N")[..10];
        var glaze = $"Glaze {token}";
        host.Model.On(r => IsExtraction(r) && r.AllUser.Contains(token, StringComparison.Ordinal), _ => ScriptedReply.Json(new JsonObject
        {
            ["summary"] = $"Mixed the {glaze}.",
            ["facts"] = new JsonArray(
                new JsonObject { ["subject"] = glaze, ["predicate"] = "fires_at", ["object"] = "cone 6", ["literal"] = true, ["single"] = true },
                new JsonObject { ["subject"] = glaze, ["predicate"] = "stored_in", ["object"] = $"Shelf {token}" },
                new JsonObject { ["subject"] = new string('x', 5000), ["predicate"] = "too_long", ["object"] = "dropped" },
                new JsonObject { ["subject"] = glaze, ["predicate"] = "", ["object"] = "dropped" }),
        }));

        var id = await host.Alice.SubmitAsync(Goal($"mix the {glaze}", Step("a", "echo", new { text = "mixed" })));
        await host.Alice.WaitFinishedAsync(id, SafetyTimeout);
        var entity = await WaitEntityAsync(host.Alice, glaze);
        var goalEntity = await WaitEntityAsync(host.Alice, "goal:" + id);

        var facts = entity["facts"]!.AsArray().Where(f => f!["subject"]!.GetValue<string>() == glaze).Select(f => f!["predicate"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["fires_at", "stored_in"], facts);
        Assert.Contains(entity["facts"]!.AsArray(), f => f!["predicate"]!.GetValue<string>() == "fires_at" && f["object"]!["value"]!.GetValue<string>() == "cone 6" && !f["single"]!.GetValue<bool>());
        Assert.Contains(glaze, goalEntity["neighbours"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()));
        Assert.Equal(1, host.Model.Requests.Count(r => IsExtraction(r) && r.AllUser.Contains(token, StringComparison.Ordinal)));
        using var other = await host.Bob.GetAsync($"/api/graph/entities/{Uri.EscapeDataString(glaze)}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task FinishedGoal_ExtractionModelKeepsFailing_IsGivenUpAfterItsAttempts_AndTheWriteBackCompletes()
    {
        var token = "xtr-" + Guid.NewGuid().ToString("N")[..10];
        host.Model.On(r => IsExtraction(r) && r.AllUser.Contains(token, StringComparison.Ordinal), _ => ScriptedReply.Text("no JSON here, sorry"));

        var id = await host.Alice.SubmitAsync(Goal($"sweep the floor {token}", Step("a", "echo", new { text = "swept" })));
        await host.Alice.WaitFinishedAsync(id, SafetyTimeout);
        var goalEntity = await WaitEntityAsync(host.Alice, "goal:" + id, e => e["facts"]!.AsArray().Any(f => f!["predicate"]!.GetValue<string>() == "knowledge_extraction"));
        var memories = await WaitMemoriesAsync(host.Alice, token, id);

        Assert.Contains(goalEntity["facts"]!.AsArray(), f => f!["predicate"]!.GetValue<string>() == "knowledge_extraction" && f["object"]!["value"]!.GetValue<string>() == "failed");
        Assert.Equal(2, host.Model.Requests.Count(r => IsExtraction(r) && r.AllUser.Contains(token, StringComparison.Ordinal)));
        Assert.Contains(memories, m => m!["text"]!.GetValue<string>().Contains(token, StringComparison.Ordinal));
        var listed = await host.Alice.GetFromJsonAsync<JsonObject>($"/api/goals?title={token}");
        Assert.Equal("Succeeded", Assert.Single(listed!["items"]!.AsArray())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task WrittenNote_FactsExtractedOnTheWritersTokens_WithTheNoteAsTheirProvenance()
    {
        var token = "xtr-" + Guid.NewGuid().ToString("N")[..10];
        var (_, key) = await host.Admin.CreateKeyAsync("carol" + token[4..], "user");
        using var carol = host.Admin.WithKey(key);
        var kiln = $"Kiln {token}";
        host.Model.On(r => IsExtraction(r) && r.AllUser.Contains(token, StringComparison.Ordinal), _ => ScriptedReply.Json(new JsonObject
        {
            ["summary"] = "The studio kiln.",
            ["facts"] = new JsonArray(new JsonObject { ["subject"] = kiln, ["predicate"] = "fires_to", ["object"] = "cone 6", ["literal"] = true }),
        }) with { InputTokens = 700, OutputTokens = 300 });
        var path = $"studio/{token}.md";

        using (var put = await carol.PutAsync(new Uri("/api/notes/" + path, UriKind.Relative), new StringContent($"# Studio\n\nThe {kiln} fires to cone 6.\n", Encoding.UTF8, "text/markdown")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var entity = await WaitEntityAsync(carol, kiln);
        var factId = Assert.Single(entity["facts"]!.AsArray(), f => f!["predicate"]!.GetValue<string>() == "fires_to")!["id"]!.GetValue<string>();
        var fact = JsonNode.Parse(await carol.GetStringAsync($"/api/graph/facts/{factId}"))!;
        var episode = Assert.Single(fact["episodes"]!.AsArray())!;
        Assert.Equal(("note.extraction", path), (episode["kind"]!.GetValue<string>(), episode["notePath"]!.GetValue<string>()));
        Assert.Equal(64, episode["contentSha256"]!.GetValue<string>().Length);
        var quota = JsonNode.Parse(await carol.GetStringAsync("/api/quota"))!;
        Assert.Equal(1000, quota["usage"]!["modelTokensLastDay"]!.GetValue<long>());
        using var other = await host.Bob.GetAsync($"/api/graph/facts/{factId}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    private static bool IsPlanner(ScriptedRequest r) => r.System.Contains("PAI's planner", StringComparison.Ordinal);

    private static bool IsExtraction(ScriptedRequest r) => r.System.Contains("personal knowledge graph", StringComparison.Ordinal);

    private static async Task<JsonObject> WaitEntityAsync(HttpClient client, string name, Func<JsonObject, bool>? done = null)
    {
        using var timeout = new CancellationTokenSource(SafetyTimeout);
        while (true)
        {
            using var response = await client.GetAsync($"/api/graph/entities/{Uri.EscapeDataString(name)}", timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var entity = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token))!.AsObject();
                if (done?.Invoke(entity) ?? true)
                {
                    return entity;
                }
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<JsonArray> WaitMemoriesAsync(HttpClient client, string text, string goalId)
    {
        using var timeout = new CancellationTokenSource(SafetyTimeout);
        while (true)
        {
            using var response = await PostAsync(client, "/api/memories/search", new JsonObject { ["query"] = text, ["mode"] = "keyword", ["scope"] = new JsonObject { ["goal"] = goalId } });
            var items = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token))!["items"]!.AsArray();
            if (items.Count > 0)
            {
                return items;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static JsonObject Fact(string subject, string predicate, string obj) => new() { ["subject"] = subject, ["predicate"] = predicate, ["object"] = obj };

    private static JsonObject Facts(params JsonObject[] facts) => new() { ["facts"] = new JsonArray([.. facts]) };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, JsonObject body) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private static async Task OkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"expected 2xx, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>One host with a scripted model (extraction of other goals answered with nothing) and two principals.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private PaiProcess? _process;

        public ScriptedModelServer Model { get; private set; } = null!;

        public HttpClient Alice { get; private set; } = null!;

        public HttpClient Bob { get; private set; } = null!;

        public HttpClient Admin => _process!.Client;

        public async Task InitializeAsync()
        {
            Model = await ScriptedModelServer.StartAsync();

            // Extraction of goals no test scripts (tokens start "xtr-") finds nothing.
            Model.On(r => IsExtraction(r) && !r.AllUser.Contains("xtr-", StringComparison.Ordinal), _ => ScriptedReply.Json(new JsonObject { ["summary"] = "", ["facts"] = new JsonArray() }));
            var aliceKey = "pai_alice_" + Guid.NewGuid().ToString("N");
            var bobKey = "pai_bob_" + Guid.NewGuid().ToString("N");
            _process = await PaiProcess.StartNewAsync(
                new Dictionary<string, string> { ["OPENAI_BASE_URL"] = Model.BaseUrl.ToString(), ["PAI_MODEL"] = "scripted" },
                dir => SeededKeys.WriteAsync(dir, ("admin", "admin", PaiProcess.ApiKey), ("alice", "user", aliceKey), ("bob", "user", bobKey)));
            Alice = SeededKeys.ClientFor(_process, aliceKey);
            Bob = SeededKeys.ClientFor(_process, bobKey);
        }

        public async Task DisposeAsync()
        {
            Alice?.Dispose();
            Bob?.Dispose();
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }

            if (Model is not null)
            {
                await Model.DisposeAsync();
            }
        }
    }
}
