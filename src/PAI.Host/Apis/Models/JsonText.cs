using System.Text.Json;
using System.Text.Json.Nodes;

namespace PAI.Host.Apis.Models;

/// <summary>Turns the JSON text the engine stores (outputs, results, schemas) into JSON values for responses.</summary>
public static class JsonText
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <summary>The value <paramref name="text"/> holds; text that is not JSON becomes a JSON string, so nothing is lost.</summary>
    public static JsonNode? ToNode(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text, NodeOptions, DocumentOptions);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
