using System.Net;
using System.Text.Json.Nodes;

namespace PAI.Host.Tests.Infrastructure;

/// <summary>Assertions on an API answer that read (and dispose) it: a 200 with its JSON, or a 422 naming a field.</summary>
public static class ApiAnswers
{
    /// <summary>The JSON object of a 200 answer; fails the test with the body otherwise.</summary>
    public static async Task<JsonObject> OkJsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!.AsObject();
        }
    }

    /// <summary>Asserts a 422 problem details answer whose <c>errors</c> name <paramref name="path"/>.</summary>
    public static async Task AssertInvalidAsync(HttpResponseMessage response, string path)
    {
        ArgumentNullException.ThrowIfNull(response);
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = JsonNode.Parse(text)!["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
            Assert.Contains(path, errors);
        }
    }
}
