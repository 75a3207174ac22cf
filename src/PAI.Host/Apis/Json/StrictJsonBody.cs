using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Net.Http.Headers;

namespace PAI.Host.Apis.Json;

/// <summary>
/// The one way PAI reads a JSON request body. In order: 415 unless the body is <c>application/json</c> (UTF-8);
/// 400 unless it is well-formed JSON with unique property names and valid strings (<see cref="JsonSyntaxCheck"/>);
/// 422 naming each field that is unknown, missing, null or of the wrong kind (<see cref="JsonShapeCheck"/>, driven
/// by the request type itself, so the documented type and the accepted body cannot drift apart).
/// </summary>
/// <remarks>
/// For a new endpoint: declare the body as a record named <c>…Request</c> in <c>PAI.Host.Apis.Models</c> (the OpenAPI
/// document then marks it closed to unknown fields), with <c>required</c> and nullable annotations saying what is
/// optional; call <see cref="ReadAsync{T}"/> and return its <see cref="StrictJsonRead{T}.Problem"/> when it did not
/// succeed; add <c>.Accepts&lt;TRequest&gt;("application/json")</c> to the endpoint.
/// </remarks>
public static class StrictJsonBody
{
    /// <summary>The media type request bodies must have.</summary>
    public const string MediaType = "application/json";

    /// <summary>
    /// How request types are read: exact (case-sensitive) camelCase names, no numbers in strings, enums by name only,
    /// nullable annotations and <c>required</c> respected, unknown members refused.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Reads and checks the body of <paramref name="request"/> as a <typeparamref name="T"/>.</summary>
    public static async Task<StrictJsonRead<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            var got = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type '{Shorten(request.ContentType)}'";
            return StrictJsonRead<T>.Refused(ApiProblems.Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported Media Type",
                $"the body must be {MediaType} (UTF-8); got {got}"));
        }

        // Kestrel's MaxRequestBodySize bounds this read (413 beyond it).
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        return Parse<T>(body);
    }

    /// <summary>Checks and deserializes <paramref name="body"/> (UTF-8 JSON) as a <typeparamref name="T"/>.</summary>
    public static StrictJsonRead<T> Parse<T>(ReadOnlyMemory<byte> body)
        where T : class
    {
        var syntax = JsonSyntaxCheck.Check(body.Span);
        if (syntax.Count > 0)
        {
            return StrictJsonRead<T>.Refused(ApiProblems.Malformed("Malformed request body", syntax));
        }

        using (var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = JsonSyntaxCheck.MaxDepth }))
        {
            var shape = JsonShapeCheck.Check(document.RootElement, typeof(T), Options);
            if (shape.Count > 0)
            {
                return StrictJsonRead<T>.Refused(ApiProblems.Invalid("Invalid request body", shape));
            }
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Span, Options);
            return value is null
                ? StrictJsonRead<T>.Refused(ApiProblems.Invalid("Invalid request body", JsonFieldPath.Root, "must be an object"))
                : StrictJsonRead<T>.Read(value, body);
        }
        catch (JsonException ex)
        {
            // What the shape check leaves to converters (an enum name that does not exist, for one).
            var path = ex.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : JsonFieldPath.Root;
            return StrictJsonRead<T>.Refused(ApiProblems.Invalid("Invalid request body", path, "has a value that is not allowed here"));
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || !parsed.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var charset = parsed.Charset;
        return !charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }

    private static string Shorten(string text) => text.Length > 100 ? string.Concat(text.AsSpan(0, 100), "…") : text;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            MaxDepth = JsonSyntaxCheck.MaxDepth,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }
}
