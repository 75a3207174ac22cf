using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace PAI.Mcp.Client.Tools;

/// <summary>
/// An MCP tool's answer as a PAI tool output, one shape for every MCP tool so plans can rely on it:
/// <c>{ "text": "&lt;the text blocks, joined&gt;", "content": [ MCP content blocks ], "structuredContent"?: any }</c>
/// (<c>${steps.x.output.text}</c>, <c>${steps.x.output.structuredContent.field}</c>). Pure.
/// </summary>
public static class McpToolOutput
{
    /// <summary>The longest error text kept from a server's error answer.</summary>
    public const int MaxErrorText = 2000;

    /// <summary>The JSON Schema of the output, the descriptor's <c>OutputSchema</c>.</summary>
    public const string Schema = """
        {
          "type": "object",
          "properties": {
            "text": { "type": "string", "description": "The text content blocks, joined by newlines." },
            "content": { "type": "array", "description": "The MCP content blocks, as the server sent them." },
            "structuredContent": { "description": "The server's structured result, when it sent one." }
          },
          "required": ["text", "content"]
        }
        """;

    /// <summary>The output for a successful answer.</summary>
    public static JsonObject From(CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var content = new JsonArray();
        foreach (var block in result.Content)
        {
            content.Add(JsonSerializer.SerializeToNode(block, McpJsonUtilities.DefaultOptions));
        }

        var output = new JsonObject { ["text"] = Text(result), ["content"] = content };
        if (result.StructuredContent is { } structured)
        {
            output["structuredContent"] = JsonNode.Parse(structured.GetRawText());
        }

        return output;
    }

    /// <summary>The step's error for an answer with <c>isError</c>: the server's text, cut to <see cref="MaxErrorText"/>.</summary>
    public static string Error(string registryName, CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = Text(result);
        if (text.Length == 0 && result.StructuredContent is { } structured)
        {
            text = structured.GetRawText();
        }

        if (text.Length > MaxErrorText)
        {
            text = text[..MaxErrorText] + "…";
        }

        return $"MCP tool '{registryName}' answered an error: {(text.Length == 0 ? "(no message)" : text)}";
    }

    /// <summary>The arguments of <c>tools/call</c> from a PAI tool input.</summary>
    public static Dictionary<string, JsonElement> Arguments(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (name, value) in input)
        {
            arguments[name] = value is null ? JsonSerializer.SerializeToElement<object?>(null) : JsonSerializer.SerializeToElement(value);
        }

        return arguments;
    }

    private static string Text(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content.OfType<TextContentBlock>())
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(block.Text);
        }

        return text.ToString();
    }
}
