using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PAI.Host.Tests.Infrastructure;

/// <summary>Small helpers over the HTTP contract v1.</summary>
public static class GoalClient
{
    /// <summary>POSTs a goal body; returns the response.</summary>
    public static Task<HttpResponseMessage> PostGoalAsync(this HttpClient client, JsonNode body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/goals")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>POSTs a goal and returns its id; fails the test unless the answer is 202.</summary>
    public static async Task<string> SubmitAsync(this HttpClient client, JsonNode body, string? idempotencyKey = null)
    {
        using var response = await client.PostGoalAsync(body, idempotencyKey);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }

    /// <summary>GET /api/goals/{id} as JSON.</summary>
    public static async Task<JsonObject> GetGoalAsync(this HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/goals/{id}"))!;

    /// <summary>Polls until the goal is finished; returns its final JSON.</summary>
    public static async Task<JsonObject> WaitFinishedAsync(this HttpClient client, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonObject goal;
        do
        {
            goal = await client.GetGoalAsync(id);
            if (goal["status"]!.GetValue<string>() is "Succeeded" or "Failed" or "Cancelled")
            {
                return goal;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"goal {id} not finished within {timeout}: {goal.ToJsonString()}");
    }

    /// <summary>Parses a plan written compactly in tests.</summary>
    public static JsonNode Goal(string title, params JsonObject[] steps) =>
        new JsonObject { ["title"] = title, ["plan"] = new JsonObject { ["steps"] = new JsonArray(steps.Select(s => (JsonNode)s).ToArray()) } };

    /// <summary>A step object.</summary>
    public static JsonObject Step(string id, string tool, object? with = null, params string[] dependsOn)
    {
        var step = new JsonObject { ["id"] = id, ["tool"] = tool };
        if (with is not null)
        {
            step["with"] = JsonSerializer.SerializeToNode(with);
        }

        if (dependsOn.Length > 0)
        {
            step["dependsOn"] = new JsonArray(dependsOn.Select(d => (JsonNode)JsonValue.Create(d)).ToArray());
        }

        return step;
    }
}
