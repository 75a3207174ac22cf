using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>The HTTP contract as docs/api.md states it: JSON values, one list envelope with cursors, an OpenAPI document.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class ApiContractTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private static readonly string[] ListEndpoints = ["/api/goals", "/api/tools", "/api/skills", "/api/skills/errors", "/api/agents", "/api/gpus", "/api/audit"];

    private HttpClient Client => shared.Host.Client;

    [Fact]
    public async Task Get_SucceededGoal_OutputsAndResultAreJsonValues()
    {
        var id = await Client.SubmitAsync(Goal("values", Step("a", "echo", new { path = "a.txt", bytes = 2 }), Step("b", "echo", new { list = new[] { 1, 2 } }, "a")));
        var goal = await Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(30));

        Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
        var output = Assert.IsType<JsonObject>(goal["steps"]![0]!["output"]);
        Assert.Equal("a.txt", output["path"]!.GetValue<string>());
        Assert.Equal(2, output["bytes"]!.GetValue<int>());
        var result = Assert.IsType<JsonObject>(goal["result"]);
        Assert.Equal([1, 2], result["b"]!["list"]!.AsArray().Select(n => n!.GetValue<int>()));
    }

    [Fact]
    public async Task Events_FinishedGoal_SnapshotCarriesOutputsAsJsonValues()
    {
        var id = await Client.SubmitAsync(Goal("events", Step("a", "echo", new { n = 7 })));
        await Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(30));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/goals/{id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("event: snapshot\n", text, StringComparison.Ordinal);
        var data = text.Split('\n').First(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
        Assert.Equal(7, JsonNode.Parse(data)!["steps"]![0]!["output"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task Lists_EveryEndpoint_AnswersTheOneEnvelope()
    {
        await Client.SubmitAsync(Goal("listed", Step("a", "echo")));
        foreach (var path in ListEndpoints)
        {
            var page = await Client.GetFromJsonAsync<JsonObject>(path);
            Assert.NotNull(page);
            Assert.True(page.Count == 2, $"{path}: {page.ToJsonString()}");
            Assert.IsType<JsonArray>(page["items"]);
            Assert.True(page.ContainsKey("nextCursor"), path);
        }
    }

    [Fact]
    public async Task Tools_PagedByTwo_ListEveryToolOnceInNameOrder()
    {
        var all = (await Client.GetFromJsonAsync<JsonObject>("/api/tools?limit=500"))!["items"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        var paged = await ReadAllAsync("/api/tools?limit=2", item => item["name"]!.GetValue<string>());

        Assert.True(all.Count > 2, "expected more than one page of tools");
        Assert.Equal(all, paged);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
    }

    [Fact]
    public async Task Goals_GoalsAddedWhilePaging_EveryEarlierGoalOnceNewestFirst()
    {
        var earlier = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            earlier.Add(await Client.SubmitAsync(Goal($"page {i}", Step("a", "echo"))));
        }

        var first = (await Client.GetFromJsonAsync<JsonObject>("/api/goals?limit=2"))!;
        var seen = first["items"]!.AsArray().Select(g => g!["id"]!.GetValue<string>()).ToList();
        var later = new[] { await Client.SubmitAsync(Goal("later 1", Step("a", "echo"))), await Client.SubmitAsync(Goal("later 2", Step("a", "echo"))) };
        var cursor = first["nextCursor"]!.GetValue<string>();
        seen.AddRange(await ReadAllAsync("/api/goals?limit=2", g => g["id"]!.GetValue<string>(), cursor));

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.DoesNotContain(later[0], seen);
        Assert.DoesNotContain(later[1], seen);
        Assert.Equal(Enumerable.Reverse(earlier), seen.Where(earlier.Contains));
        Assert.Equal(earlier[^1], seen[0]);
    }

    [Fact]
    public async Task Goals_StatusFilterAndCounts_AgreeWithTheList()
    {
        await Client.WaitFinishedAsync(await Client.SubmitAsync(Goal("counted", Step("a", "echo"))), TimeSpan.FromSeconds(30));

        // Goals of the other tests on this shared host may still be finishing: compare a list read between two equal
        // counts (on a loaded machine one may finish between the reads). The deadline only stops a hang.
        JsonObject counts;
        List<string> succeeded;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            counts = (await Client.GetFromJsonAsync<JsonObject>("/api/goals/counts"))!;
            succeeded = await ReadAllAsync("/api/goals?status=Succeeded&limit=500", g => g["status"]!.GetValue<string>());
            var after = (await Client.GetFromJsonAsync<JsonObject>("/api/goals/counts"))!;
            if (after.ToJsonString() == counts.ToJsonString() || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(200);
        }

        var byStatus = counts["byStatus"]!.AsObject();

        Assert.Equal(["Pending", "Planning", "Running", "WaitingForApproval", "Succeeded", "Failed", "Cancelled"], byStatus.Select(p => p.Key));
        Assert.All(succeeded, s => Assert.Equal("Succeeded", s));
        Assert.Equal(succeeded.Count, byStatus["Succeeded"]!.GetValue<long>());
        Assert.Equal(byStatus.Sum(p => p.Value!.GetValue<long>()), counts["total"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("/api/goals?limit=0", "limit")]
    [InlineData("/api/goals?limit=501", "limit")]
    [InlineData("/api/goals?limit=ten", "limit")]
    [InlineData("/api/tools?limit=-1", "limit")]
    [InlineData("/api/audit?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/goals?status=Sleeping", "status")]
    public async Task List_BadParameter_Returns422NamingIt(string path, string parameter)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, null);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(parameter, Assert.Single(problem["errors"]!.AsArray())!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_CursorOfAnotherList_Returns422()
    {
        var tools = (await Client.GetFromJsonAsync<JsonObject>("/api/tools?limit=1"))!;
        var cursor = tools["nextCursor"]!.GetValue<string>();
        using var response = await Client.GetAsync(new Uri($"/api/goals?cursor={Uri.EscapeDataString(cursor)}", UriKind.Relative));
        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "not a cursor of this list");
    }

    [Fact]
    public async Task OpenApi_WithKey_DescribesTheEndpointsAndShapesAsServed()
    {
        var document = (await Client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject();
        Assert.All(ListEndpoints, p => Assert.True(paths.ContainsKey(p), p));
        Assert.True(paths.ContainsKey("/api/goals/{id}/steps/{stepId}/approve"));
        var submit = paths["/api/goals"]!["post"]!;
        Assert.Equal("#/components/schemas/GoalRequest", submit["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.True(submit["responses"]!.AsObject().ContainsKey("415"));
        var schemas = document["components"]!["schemas"]!;
        Assert.False(schemas["StepRequest"]!["additionalProperties"]!.GetValue<bool>());
        Assert.True(schemas["StepRequest"]!["properties"]!.AsObject().ContainsKey("approval"));
        Assert.True(schemas["StepResponse"]!["properties"]!.AsObject().ContainsKey("output"));
        Assert.Equal(["items", "nextCursor"], schemas["PageOfGoalSummary"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.True(schemas["ProblemDetails"]!["properties"]!.AsObject().ContainsKey("errors"));
    }

    [Fact]
    public async Task OpenApi_WithoutKey_Returns401()
    {
        using var anonymous = new HttpClient { BaseAddress = Client.BaseAddress };
        using var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, null);
    }

    private async Task<List<T>> ReadAllAsync<T>(string path, Func<JsonObject, T> select, string? cursor = null)
    {
        var items = new List<T>();
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var next = cursor is null ? path : $"{path}{separator}cursor={Uri.EscapeDataString(cursor)}";
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = (await Client.GetFromJsonAsync<JsonObject>(next))!;
            items.AddRange(page["items"]!.AsArray().Select(i => select(i!.AsObject())));
            if (page["nextCursor"] is not JsonValue nextCursor)
            {
                return items;
            }

            next = $"{path}{separator}cursor={Uri.EscapeDataString(nextCursor.GetValue<string>())}";
        }

        throw new InvalidOperationException("paging did not end");
    }
}
