using System.Net;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>
/// Hostile case 3 of issue 9: a submit that once answered 500 and then 202 for a goal that was never stored. Now a
/// retried submit with the same Idempotency-Key gets the answer the first one got, and after a restart the list, GET
/// and cancel agree about what exists.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class AcknowledgedGoalTests
{
    /// <summary>The request: an input index far past the end (and past an int).</summary>
    private static JsonNode Ghost() => JsonNode.Parse("""
        {"title":"ghost","inputs":{"a":[1]},"plan":{"steps":[{"id":"a","tool":"echo","with":{"v":"${inputs.a[99999999999]}"}}]}}
        """)!;

    /// <summary>Valid at plan time; its first step's input is too large once resolved, so the step fails at dispatch.</summary>
    private static JsonNode Oversized() => new JsonObject
    {
        ["title"] = "oversized",
        ["inputs"] = new JsonObject { ["big"] = new string('x', 600_000) },
        ["plan"] = new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject
            {
                ["id"] = "a",
                ["tool"] = "echo",
                ["with"] = new JsonObject { ["x"] = "${inputs.big}", ["y"] = "${inputs.big}" },
            }),
        },
    };

    [Fact]
    public async Task Submit_SameKeyTwiceThenRestart_AnswersMatchAndListGetCancelAgree()
    {
        await using var host = await PaiProcess.StartNewAsync();

        var ghost1 = await PostAsync(host, Ghost(), "ghost-1");
        var ghost2 = await PostAsync(host, Ghost(), "ghost-1");
        var big1 = await PostAsync(host, Oversized(), "oversized-1");
        var big2 = await PostAsync(host, Oversized(), "oversized-1");

        // The same key gets the same answer: a refusal twice (nothing stored), an acceptance twice (the same goal).
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ghost1.Status);
        Assert.Equal(ghost1.Status, ghost2.Status);
        Assert.Equal(HttpStatusCode.Accepted, big1.Status);
        Assert.Equal(big1.Status, big2.Status);
        var id = big1.Body["id"]!.GetValue<string>();
        Assert.Equal(id, big2.Body["id"]!.GetValue<string>());
        var before = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(60));
        Assert.Equal("Failed", before["status"]!.GetValue<string>());
        Assert.Contains("the step's input", before["steps"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);

        await host.KillAsync();
        await host.StartAsync();

        // After the restart: the refused goal exists nowhere; the accepted one is Failed in the list and on GET, and
        // cancel says it is finished rather than not found.
        var listed = await ListAsync(host);
        Assert.DoesNotContain(listed, g => g["title"]!.GetValue<string>() == "ghost");
        var row = Assert.Single(listed, g => g["id"]!.GetValue<string>() == id);
        Assert.Equal("Failed", row["status"]!.GetValue<string>());
        Assert.Equal("Failed", (await host.Client.GetGoalAsync(id))["status"]!.GetValue<string>());
        using var cancel = await host.Client.PostAsync($"/api/goals/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);

        // And the same requests once more get the same answers.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(host, Ghost(), "ghost-1")).Status);
        var big3 = await PostAsync(host, Oversized(), "oversized-1");
        Assert.Equal((HttpStatusCode.Accepted, id), (big3.Status, big3.Body["id"]!.GetValue<string>()));
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(PaiProcess host, JsonNode body, string key)
    {
        using var response = await host.Client.PostGoalAsync(body, key);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>The goals list, whichever envelope the list answer has (a bare array, or <c>{ "items": [...] }</c>).</summary>
    private static async Task<IReadOnlyList<JsonNode>> ListAsync(PaiProcess host)
    {
        var answer = JsonNode.Parse(await host.Client.GetStringAsync("/api/goals?limit=500"))!;
        var items = answer is JsonArray array ? array : answer["items"]!.AsArray();
        return items.Select(i => i!).ToList();
    }
}
