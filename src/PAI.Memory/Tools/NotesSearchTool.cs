using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Memory.Memories;
using PAI.Memory.Notes;

namespace PAI.Memory.Tools;

/// <summary><c>notes.search</c>: the goal principal's notes best matching a query (hybrid search over their chunks), one hit per note.</summary>
public sealed class NotesSearchTool(NotesService notes) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "notes.search";

    private static readonly HashSet<string> Fields = ["query", "k"];

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Searches the goal principal's notes; returns the best matching notes (path, title, score and the matching text).",
        """{ "type": "object", "properties": { "query": { "type": "string" }, "k": { "type": "integer", "minimum": 1, "maximum": 25 } }, "required": ["query"], "additionalProperties": false }""",
        "none",
        TimeSpan.FromSeconds(30));

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = input.Where(p => !Fields.Contains(p.Key)).Select(p => $"input '{p.Key}' is not a field of {Name}").ToList();
        if (input["query"] is null)
        {
            errors.Add("input 'query' is required");
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<MemoryError>();
        var query = ToolJson.OptionalString(context.Input, "query", errors) ?? "";
        var k = ToolJson.OptionalInt(context.Input, "k", errors) ?? 5;
        if (k is < 1 or > 25)
        {
            errors.Add(new MemoryError("k", "must be between 1 and 25"));
        }

        if (errors.Count > 0)
        {
            throw new ToolException(string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
        }

        try
        {
            var hits = await notes.SearchAsync(context.Principal, query, k, cancellationToken);
            return new JsonObject
            {
                ["items"] = new JsonArray([.. hits.Select(h => (JsonNode)new JsonObject { ["path"] = h.Path, ["title"] = h.Title, ["score"] = Math.Round(h.Score, 6), ["text"] = h.Text })]),
            };
        }
        catch (MemoryValidationException ex)
        {
            throw new ToolException(ex.Message);
        }
    }
}
