using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PAI.Models.Json;

/// <summary>
/// Finds the JSON value in a model's answer when the server could not be held to a schema: the answer itself, the
/// inside of a ```json fence, or the first object or array that parses. Linear in the answer's length: at most a few
/// candidate starts are tried, each parsed once by <see cref="Utf8JsonReader"/> (no backtracking).
/// </summary>
public static class JsonExtraction
{
    private const int MaxCandidates = 8;
    private static readonly JsonReaderOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>The first JSON object or array found in <paramref name="text"/>, or null.</summary>
    public static JsonNode? Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var fence = text.IndexOf("```", StringComparison.Ordinal);
        if (fence >= 0)
        {
            var bodyStart = text.IndexOf('\n', fence);
            var end = bodyStart < 0 ? -1 : text.IndexOf("```", bodyStart, StringComparison.Ordinal);
            if (end > bodyStart && TryParseAt(text[(bodyStart + 1)..end], 0) is { } fenced)
            {
                return fenced;
            }
        }

        var tried = 0;
        for (var i = 0; i < text.Length && tried < MaxCandidates; i++)
        {
            if (text[i] is '{' or '[')
            {
                tried++;
                if (TryParseAt(text, i) is { } node)
                {
                    return node;
                }
            }
        }

        return null;
    }

    private static JsonNode? TryParseAt(string text, int start)
    {
        var bytes = Encoding.UTF8.GetBytes(text.AsSpan(start).TrimStart().ToString());
        if (bytes.Length == 0 || bytes[0] is not ((byte)'{' or (byte)'['))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes, Options);
            if (!reader.Read())
            {
                return null;
            }

            reader.Skip();
            var length = (int)reader.BytesConsumed;
            return JsonNode.Parse(bytes.AsSpan(0, length), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
