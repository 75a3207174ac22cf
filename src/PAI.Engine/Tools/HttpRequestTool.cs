using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Templates;

namespace PAI.Engine.Tools;

/// <summary><c>http.request</c>: one HTTP call with a timeout and a response size cap. The step's idempotency key is
/// sent as <c>Idempotency-Key</c> so that servers which honour it apply a retried request once.</summary>
/// <remarks>5xx, 408, 429, timeouts and connection failures are retryable; other 4xx and an over-cap response are
/// not. 408 and 429 are 4xx but say "try again later" by definition, so they are retried too.</remarks>
public sealed class HttpRequestTool(IHttpClientFactory httpClientFactory, TimeProvider timeProvider) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = BuiltInToolNames.HttpRequest;

    /// <summary>The named <see cref="HttpClient"/> this tool uses.</summary>
    public const string HttpClientName = "pai.tools.http";

    /// <summary>Per-request timeout when the input names none.</summary>
    public const int DefaultTimeoutSeconds = 30;

    /// <summary>Response cap when the input names none.</summary>
    public const long DefaultMaxResponseBytes = 1024 * 1024;

    /// <summary>Largest response cap accepted.</summary>
    public const long MaxMaxResponseBytes = 64L * 1024 * 1024;

    private static readonly string[] ReturnedHeaders =
        ["Content-Type", "Content-Length", "Location", "ETag", "Last-Modified", "Retry-After"];

    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Sends one HTTP(S) request with the step's Idempotency-Key and returns status, a few headers and the body.",
        """
        {
          "type": "object",
          "properties": {
            "method": { "type": "string", "enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], "default": "GET" },
            "url": { "type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://" },
            "headers": { "type": "object", "additionalProperties": { "type": "string" } },
            "body": { "type": ["string", "object", "array"], "description": "A string is sent as is; JSON is sent as application/json." },
            "timeoutSeconds": { "type": "integer", "minimum": 1, "default": 30 },
            "maxResponseBytes": { "type": "integer", "minimum": 1, "maximum": 67108864, "default": 1048576 }
          },
          "required": ["url"],
          "additionalProperties": false
        }
        """,
        "http.request",
        TimeSpan.FromSeconds(60));

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        var errors = new List<string>();
        ToolInput.CheckRequired(input, "url", errors);
        ToolInput.CheckString(input, "url", errors);
        ToolInput.CheckString(input, "method", errors);
        ToolInput.CheckPositiveNumber(input, "timeoutSeconds", errors);
        ToolInput.CheckPositiveNumber(input, "maxResponseBytes", errors);
        if (errors.Count > 0)
        {
            return errors;
        }

        try
        {
            if (!TemplateEvaluator.IsTemplate(input["url"]))
            {
                ParseUrl(ToolInput.RequiredString(input, "url"));
            }

            if (input["method"] is { } method && !TemplateEvaluator.IsTemplate(method))
            {
                ParseMethod(ToolInput.OptionalString(input, "method"));
            }

            if (input["maxResponseBytes"] is { } cap && !TemplateEvaluator.IsTemplate(cap))
            {
                ParseCap(input);
            }

            if (input["headers"] is { } headers && headers is not JsonObject)
            {
                errors.Add("input 'headers' must be an object of strings");
            }
        }
        catch (ToolException ex)
        {
            errors.Add(ex.Message);
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var url = ParseUrl(ToolInput.RequiredString(input, "url"));
        var method = ParseMethod(ToolInput.OptionalString(input, "method"));
        var timeout = TimeSpan.FromSeconds(ToolInput.OptionalPositiveLong(input, "timeoutSeconds", DefaultTimeoutSeconds));
        var cap = ParseCap(input);

        using var request = new HttpRequestMessage(method, url);
        request.Content = BuildContent(input["body"]);
        AddHeaders(request, input["headers"]);
        request.Headers.Remove("Idempotency-Key");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", context.IdempotencyKey);

        using var timeoutCts = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var client = httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var bytes = await ReadCappedAsync(response, cap, linked.Token);
            var status = (int)response.StatusCode;
            if (status >= 400)
            {
                var snippet = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300));
                var retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
                throw new ToolException($"{method} {url} returned HTTP {status}: {snippet}", retryable);
            }

            return new JsonObject
            {
                ["status"] = status,
                ["headers"] = PickHeaders(response),
                ["body"] = BodyNode(response, bytes),
            };
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ToolException($"{method} {url} timed out after {timeout.TotalSeconds:0.###} s", retryable: true, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ToolException($"{method} {url} failed: {ex.Message}", retryable: true, ex);
        }
    }

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ToolException($"url '{text}' is not an absolute http or https URL", retryable: false);

    private static HttpMethod ParseMethod(string? text) =>
        text is null ? HttpMethod.Get
        : Methods.Contains(text, StringComparer.OrdinalIgnoreCase) ? HttpMethod.Parse(text.ToUpperInvariant())
        : throw new ToolException($"method '{text}' is not one of {string.Join(", ", Methods)}", retryable: false);

    private static long ParseCap(JsonObject input)
    {
        var cap = ToolInput.OptionalPositiveLong(input, "maxResponseBytes", DefaultMaxResponseBytes);
        return cap <= MaxMaxResponseBytes
            ? cap
            : throw new ToolException($"input 'maxResponseBytes' may be at most {MaxMaxResponseBytes}", retryable: false);
    }

    private static HttpContent? BuildContent(JsonNode? body) => body switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new StringContent(v.GetValue<string>(), Encoding.UTF8, "text/plain"),
        _ => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    private static void AddHeaders(HttpRequestMessage request, JsonNode? headers)
    {
        if (headers is null)
        {
            return;
        }

        if (headers is not JsonObject map)
        {
            throw new ToolException("input 'headers' must be an object of strings", retryable: false);
        }

        foreach (var (name, node) in map)
        {
            var value = node is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : node?.ToJsonString() ?? string.Empty;
            if (request.Headers.TryAddWithoutValidation(name, value))
            {
                continue;
            }

            if (request.Content is null)
            {
                throw new ToolException($"header '{name}' needs a body", retryable: false);
            }

            request.Content.Headers.Remove(name);
            if (!request.Content.Headers.TryAddWithoutValidation(name, value))
            {
                throw new ToolException($"header '{name}' cannot be set", retryable: false);
            }
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, long cap, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > cap)
        {
            throw OverCap(cap);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, cap + 1 - buffer.Length)), cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > cap)
            {
                throw OverCap(cap);
            }
        }

        return buffer.ToArray();
    }

    private static ToolException OverCap(long cap) => new($"response exceeds {cap} bytes", retryable: false);

    private static JsonObject PickHeaders(HttpResponseMessage response)
    {
        var picked = new JsonObject();
        foreach (var name in ReturnedHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            {
                picked[name.ToLowerInvariant()] = string.Join(", ", values);
            }
        }

        return picked;
    }

    private static JsonNode? BodyNode(HttpResponseMessage response, byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (bytes.Length > 0 && mediaType is not null
            && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Mislabelled body: return it as text rather than failing the step.
            }
        }

        return text;
    }
}
