using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace PAI.Host.Tests.Infrastructure;

/// <summary>Helpers over <c>/api/keys</c>, and clients that call a host with another key.</summary>
public static class KeyClient
{
    /// <summary>POST /api/keys with an admin client; returns (id, secret) and fails the test unless the answer is 201.</summary>
    public static async Task<(string Id, string Key)> CreateKeyAsync(this HttpClient admin, string principal, string role, params string[] scopes)
    {
        var body = new JsonObject { ["principal"] = principal, ["role"] = role };
        if (scopes.Length > 0)
        {
            body["scopes"] = new JsonArray(scopes.Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
        }

        using var response = await admin.PostJsonAsync("/api/keys", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {text}");
        var created = JsonNode.Parse(text)!;
        return (created["id"]!.GetValue<string>(), created["key"]!.GetValue<string>());
    }

    /// <summary>A client for the same host that sends <paramref name="key"/>.</summary>
    public static HttpClient WithKey(this HttpClient client, string key)
    {
        var other = new HttpClient { BaseAddress = client.BaseAddress, Timeout = client.Timeout };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return other;
    }

    /// <summary>POSTs a JSON body (or none).</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode? body = null) =>
        client.PostAsync(path, body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>The items of a list answer, whether it is the <c>{ items, nextCursor }</c> envelope or a bare array.</summary>
    public static async Task<JsonArray> GetItemsAsync(this HttpClient client, string path)
    {
        var node = await client.GetFromJsonAsync<JsonNode>(path);
        return node switch
        {
            JsonArray array => array,
            JsonObject obj when obj["items"] is JsonArray items => items,
            _ => throw new InvalidOperationException($"{path} answered neither a list nor an envelope: {node?.ToJsonString()}"),
        };
    }

    /// <summary>The status code of a GET.</summary>
    public static async Task<HttpStatusCode> StatusOfGetAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }

    /// <summary>The status code of a POST.</summary>
    public static async Task<HttpStatusCode> StatusOfPostAsync(this HttpClient client, string path, JsonNode? body = null)
    {
        using var response = await client.PostJsonAsync(path, body);
        return response.StatusCode;
    }
}
