using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PAI.Cli;

/// <summary>The HTTP contract v1 (docs/api.md) as the CLI uses it; every failure becomes a <see cref="PaiCliException"/>.</summary>
public sealed class PaiApiClient : IDisposable
{
    /// <summary>How long a plain request may take (streams have no limit).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    private const int MaxPages = 10_000;

    private readonly HttpClient _http;

    /// <summary>Creates a client for the PAI at <paramref name="baseUrl"/>.</summary>
    public PaiApiClient(string baseUrl, string? apiKey)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new PaiCliException($"'{baseUrl}' is not an http(s) URL (use --url or PAI_URL)", ExitCodes.Usage);
        }

        if (string.IsNullOrEmpty(apiKey))
        {
            throw new PaiCliException("no API key: set PAI_API_KEY (or pass --key)", ExitCodes.Usage);
        }

        _http = new HttpClient { BaseAddress = uri, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>The host's address.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>GET a JSON document.</summary>
    public Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>GET every page of a list endpoint, following <c>nextCursor</c>; the items of all pages.</summary>
    public async Task<JsonArray> GetAllAsync(string path, CancellationToken cancellationToken)
    {
        var items = new JsonArray();
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var next = $"{path}{separator}limit=500";
        for (var pages = 0; pages < MaxPages; pages++)
        {
            var page = await GetAsync(next, cancellationToken);
            foreach (var item in page["items"]!.AsArray())
            {
                items.Add(item?.DeepClone());
            }

            if (page["nextCursor"] is not JsonValue cursor)
            {
                return items;
            }

            next = $"{path}{separator}limit=500&cursor={Uri.EscapeDataString(cursor.GetValue<string>())}";
        }

        throw new PaiCliException($"more than {MaxPages} pages from {path}");
    }

    /// <summary>POST a JSON body (or none).</summary>
    public Task<JsonNode> PostAsync(string path, string? json, string? idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync(() =>
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

            return request;
        }, cancellationToken);

    /// <summary>DELETE a resource; the answer's JSON (an empty object for 204).</summary>
    public Task<JsonNode> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);

    /// <summary>
    /// Reads a server-sent event stream: (event name, id, data) until the server closes it; with
    /// <paramref name="lastEventId"/>, the server resumes after that event.
    /// </summary>
    public async IAsyncEnumerable<(string Event, string? Id, string Data)> StreamAsync(string path, string? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await CallAsync(() => _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var name = "message";
        string? id = null;
        var data = new StringBuilder();
        while (await ReadLineAsync(reader, cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return (name, id, data.ToString());
                }

                name = "message";
                id = null;
                data.Clear();
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = line[3..].Trim();
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

    /// <summary>A line of the stream; a connection that drops mid-stream is <see cref="ExitCodes.Unreachable"/>.</summary>
    private async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new PaiCliException($"lost the connection to PAI at {_http.BaseAddress}: {ex.Message}", ExitCodes.Unreachable);
        }
    }

    /// <summary>GET a text resource (a note's markdown).</summary>
    public Task<string> GetTextAsync(string path, CancellationToken cancellationToken) =>
        SendForTextAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>PUT a text body of <paramref name="mediaType"/> (UTF-8); the answer's JSON.</summary>
    public async Task<JsonNode> PutTextAsync(string path, string text, string mediaType, CancellationToken cancellationToken) =>
        Parse(await SendForTextAsync(() => new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(text, Encoding.UTF8, mediaType) }, cancellationToken));

    private async Task<JsonNode> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken) =>
        Parse(await SendForTextAsync(create, cancellationToken));

    private JsonNode Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
        }
        catch (JsonException)
        {
            throw new PaiCliException($"the answer is not JSON; is {_http.BaseAddress} a PAI host?");
        }
    }

    private async Task<string> SendForTextAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        using var request = create();
        string text;
        HttpResponseMessage? answered = null;
        try
        {
            answered = await CallAsync(() => _http.SendAsync(request, timeout.Token), cancellationToken);
            await EnsureSuccessAsync(answered, timeout.Token);
            text = await answered.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PaiCliException($"PAI at {_http.BaseAddress} did not answer within {RequestTimeout.TotalSeconds:F0} s", ExitCodes.Unreachable);
        }
        finally
        {
            answered?.Dispose();
        }

        return text;
    }

    private async Task<HttpResponseMessage> CallAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException ex)
        {
            throw new PaiCliException($"cannot reach PAI at {_http.BaseAddress}: {ex.Message}", ExitCodes.Unreachable);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PaiCliException($"PAI at {_http.BaseAddress} did not answer within {RequestTimeout.TotalSeconds:F0} s", ExitCodes.Unreachable);
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
            message = problem?["detail"] is null ? $"{problem?["title"]}" : $"{problem["title"]}: {problem["detail"]}";
        }
        catch (JsonException)
        {
            message = text.Length > 200 ? text[..200] : text;
        }

        // One line, whatever the server sent.
        message = message.ReplaceLineEndings(" ");
        throw new PaiCliException($"{(int)response.StatusCode} {message}".TrimEnd());
    }
}
