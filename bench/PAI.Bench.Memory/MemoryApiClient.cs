using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PAI.Bench.Memory;

/// <summary>One search answer: the ids (with the dia_id each memory carries), and the times measured.</summary>
public sealed record SearchAnswer(IReadOnlyList<(string Id, string? DiaId, double Score)> Items, double TotalMs, double EmbedMs, double SearchMs);

/// <summary>PAI's memory API as the benchmark uses it: nothing but HTTP.</summary>
public sealed class MemoryApiClient(HttpClient client)
{
    /// <summary>POST /api/memories; returns the ids.</summary>
    public async Task<IReadOnlyList<string>> RememberAsync(JsonArray items)
    {
        using var response = await client.PostAsync(new Uri("/api/memories", UriKind.Relative), Json(new JsonObject { ["items"] = items }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"remember failed: {(int)response.StatusCode} {body}");
        }

        return [.. JsonNode.Parse(body)!["ids"]!.AsArray().Select(i => i!.GetValue<string>())];
    }

    /// <summary>POST /api/memories/search; measures the round trip and reads Server-Timing.</summary>
    public async Task<SearchAnswer> SearchAsync(string query, string mode, int k, string? project)
    {
        var request = new JsonObject { ["query"] = query, ["k"] = k, ["mode"] = mode };
        if (project is not null)
        {
            request["scope"] = new JsonObject { ["project"] = project };
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync(new Uri("/api/memories/search", UriKind.Relative), Json(request));
        var body = await response.Content.ReadAsStringAsync();
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"search failed: {(int)response.StatusCode} {body}");
        }

        var timing = response.Headers.TryGetValues("Server-Timing", out var values) ? string.Join(",", values) : "";
        var items = JsonNode.Parse(body)!["items"]!.AsArray()
            .Select(i => (i!["id"]!.GetValue<string>(), i["metadata"]?["dia_id"]?.GetValue<string>(), i["score"]!.GetValue<double>()))
            .ToList();
        return new SearchAnswer(items, total, Timing(timing, "embed"), Timing(timing, "search"));
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static double Timing(string header, string name)
    {
        foreach (var part in header.Split(','))
        {
            var fields = part.Trim().Split(';');
            if (fields[0] == name)
            {
                var duration = fields.FirstOrDefault(f => f.StartsWith("dur=", StringComparison.Ordinal));
                return duration is null ? 0 : double.Parse(duration[4..], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
