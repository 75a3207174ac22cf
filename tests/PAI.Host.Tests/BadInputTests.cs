using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>Bad input gets a clear 4xx with problem details, and changes nothing.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class BadInputTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private HttpClient Client => shared.Host.Client;

    [Fact]
    public async Task Submit_MalformedJson_Returns400ProblemAndStoresNothing() =>
        await AssertRejectedAsync(new StringContent("{\"title\": \"x\", ", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest, "not valid JSON");

    [Fact]
    public async Task Submit_UnknownTool_Returns422NamingTheTool() =>
        await AssertRejectedAsync(Goal("t", Step("a", "no.such.tool")), HttpStatusCode.UnprocessableEntity, "unknown tool 'no.such.tool'");

    [Fact]
    public async Task Submit_CyclicPlan_Returns422NamingTheCycle() =>
        await AssertRejectedAsync(Goal("t", Step("a", "echo", null, "c"), Step("b", "echo", null, "a"), Step("c", "echo", null, "b")), HttpStatusCode.UnprocessableEntity, "cycle");

    [Fact]
    public async Task Submit_DuplicateStepIds_Returns422() =>
        await AssertRejectedAsync(Goal("t", Step("a", "echo"), Step("a", "echo")), HttpStatusCode.UnprocessableEntity, "duplicate step id 'a'");

    [Fact]
    public async Task Submit_MissingDependency_Returns422() =>
        await AssertRejectedAsync(Goal("t", Step("a", "echo", null, "ghost")), HttpStatusCode.UnprocessableEntity, "'ghost', which is not a step");

    [Fact]
    public async Task Submit_PathTraversal_Returns422() =>
        await AssertRejectedAsync(Goal("t", Step("a", "file.write", new { path = "../../etc/evil", content = "x" })), HttpStatusCode.UnprocessableEntity, "workspace");

    [Fact]
    public async Task Submit_AbsolutePath_Returns422() =>
        await AssertRejectedAsync(Goal("t", Step("a", "file.read", new { path = "/etc/passwd" })), HttpStatusCode.UnprocessableEntity, "path");

    [Fact]
    public async Task Submit_OversizedBody_Returns413()
    {
        var body = new JsonObject { ["title"] = "big", ["description"] = new string('x', 2 * 1024 * 1024) };
        await AssertRejectedAsync(new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), HttpStatusCode.RequestEntityTooLarge, null);
    }

    [Fact]
    public async Task Submit_TooManySteps_Returns422()
    {
        var steps = Enumerable.Range(0, 1001).Select(i => Step($"s{i}", "echo")).ToArray();
        await AssertRejectedAsync(Goal("t", steps), HttpStatusCode.UnprocessableEntity, "at most 1000 steps");
    }

    [Fact]
    public async Task Submit_MissingTitle_Returns422NamingIt()
    {
        var body = new JsonObject { ["plan"] = new JsonObject { ["steps"] = new JsonArray(Step("a", "echo")) } };
        await AssertRejectedAsync(body, HttpStatusCode.UnprocessableEntity, "'title' is required");
    }

    [Fact]
    public async Task Request_WithoutApiKey_Returns401Problem()
    {
        using var anonymous = new HttpClient { BaseAddress = Client.BaseAddress };
        using var response = await anonymous.GetAsync(new Uri("/api/goals", UriKind.Relative));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, null);
    }

    [Fact]
    public async Task Submit_WithWrongApiKey_Returns401AndStoresNothing()
    {
        using var wrong = new HttpClient { BaseAddress = Client.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "pai_not_a_real_key_at_all_000000000");
        var before = await CountGoalsAsync();
        using var response = await wrong.PostGoalAsync(Goal("t", Step("a", "echo")));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unknown API key");
        Assert.Equal(before, await CountGoalsAsync());
    }

    [Fact]
    public async Task Health_WithoutApiKey_Returns200AndReadinessChecksTheStore()
    {
        using var anonymous = new HttpClient { BaseAddress = Client.BaseAddress };
        using var live = await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await anonymous.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // Readiness includes the store.
        Assert.Contains("\"sqlite\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownGoal_Returns404Problem()
    {
        using var response = await Client.GetAsync(new Uri("/api/goals/g_nope", UriKind.Relative));
        await AssertProblemAsync(response, HttpStatusCode.NotFound, "g_nope");
    }

    [Fact]
    public async Task List_BadStatus_Returns422NamingIt()
    {
        using var response = await Client.GetAsync(new Uri("/api/goals?status=Sleeping", UriKind.Relative));
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "Sleeping");
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyOtherBody_Returns409AndKeepsTheFirst()
    {
        var key = Guid.NewGuid().ToString();
        var first = await Client.SubmitAsync(Goal("first", Step("a", "echo", new { n = 1 })), key);
        var again = await Client.SubmitAsync(Goal("first", Step("a", "echo", new { n = 1 })), key);
        Assert.Equal(first, again);
        using var conflict = await Client.PostGoalAsync(Goal("second", Step("a", "echo", new { n = 2 })), key);
        await AssertProblemAsync(conflict, HttpStatusCode.Conflict, "Idempotency-Key");
        var goal = await Client.GetGoalAsync(first);
        Assert.Equal("first", goal["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_FinishedGoal_Returns409()
    {
        var id = await Client.SubmitAsync(Goal("quick", Step("a", "echo")));
        await Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(20));
        using var response = await Client.PostAsync(new Uri($"/api/goals/{id}/cancel", UriKind.Relative), null);
        await AssertProblemAsync(response, HttpStatusCode.Conflict, "cannot be cancelled");
    }

    private async Task AssertRejectedAsync(JsonNode body, HttpStatusCode expected, string? detail) =>
        await AssertRejectedAsync(new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), expected, detail);

    private async Task AssertRejectedAsync(HttpContent content, HttpStatusCode expected, string? detail)
    {
        var before = await CountGoalsAsync();
        using var response = await Client.PostAsync(new Uri("/api/goals", UriKind.Relative), content);
        await AssertProblemAsync(response, expected, detail);
        Assert.Equal(before, await CountGoalsAsync());
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? detail)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        if (detail is not null)
        {
            Assert.Contains(detail, text, StringComparison.Ordinal);
        }
    }

    private async Task<long> CountGoalsAsync() =>
        (await Client.GetFromJsonAsync<JsonObject>("/api/goals/counts"))!["total"]!.GetValue<long>();
}
