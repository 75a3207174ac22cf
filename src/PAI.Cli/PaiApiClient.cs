using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace PAI.Cli;

/// <summary>The HTTP contract v1 as the CLI uses it; every error becomes a <see cref="PaiCliException"/>.</summary>
public sealed class PaiApiClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Creates a client for the PAI at <paramref name="baseUrl"/>.</summary>
    public PaiApiClient(string baseUrl, string? apiKey)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            throw new PaiCliException($"'{baseUrl}' is not a URL (use --url or PAI_URL)", 2);
        }

        if (string.IsNullOrEmpty(apiKey))
        {
            throw new PaiCliException("no API key: pass --key or set PAI_API_KEY", 2);
        }

        _http = new HttpClient { BaseAddress = uri, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>GET a JSON document.</summary>
    public async Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>POST a JSON body (or none).</summary>
    public async Task<JsonNode> PostAsync(string path, string? json, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await SendAsync(request, cancellationToken);
    }

    /// <summary>DELETE a resource; the answer's JSON (an empty object for 204).</summary>
    public async Task<JsonNode> DeleteAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);

    /// <summary>Reads a server-sent event stream: (event name, data) pairs until the server closes it.</summary>
    public async IAsyncEnumerable<(string Event, string Data)> StreamAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Call(() => _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken));
        await EnsureSuccessAsync(response, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string name = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return (name, data.ToString());
                }

                name = "message";
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line[5..].TrimStart());
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<JsonNode> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await Call(() => _http.SendAsync(request, cancellationToken));
            await EnsureSuccessAsync(response, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
        }
    }

    private async Task<HttpResponseMessage> Call(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException ex)
        {
            throw new PaiCliException($"cannot reach PAI at {_http.BaseAddress}: {ex.Message}", 2);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string message;
        try
        {
            var problem = JsonNode.Parse(text);
            message = $"{problem?["title"]}: {problem?["detail"]}";
        }
        catch (System.Text.Json.JsonException)
        {
            message = text.Length > 200 ? text[..200] : text;
        }

        throw new PaiCliException($"{(int)response.StatusCode} {message}");
    }
}
