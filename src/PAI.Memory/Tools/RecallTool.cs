using System.Globalization;
using System.Text.Json.Nodes;
using PAI.Abstractions.Memory;
using PAI.Abstractions.Tools;
using PAI.Memory.Memories;

namespace PAI.Memory.Tools;

/// <summary>
/// <c>memory.recall</c>: searches the goal's principal's memories (hybrid by default). Memories from the same goal
/// rank a little higher (the scope boost); <c>goal</c>, <c>project</c> and <c>agent</c> narrow the search instead.
/// </summary>
public sealed class RecallTool(MemoryService memories) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "memory.recall";

    private static readonly HashSet<string> Fields = ["query", "k", "mode", "filter", "goal", "project", "agent", "diversify"];

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Finds the goal's principal's memories most relevant to a query (hybrid keyword + vector search); returns items with id, text, score, metadata and occurredAt.",
        """
        {
          "type": "object",
          "properties": {
            "query": { "type": "string" },
            "k": { "type": "integer", "minimum": 1, "maximum": 100, "default": 10 },
            "mode": { "enum": ["hybrid", "vector", "keyword"], "default": "hybrid" },
            "filter": { "type": "object", "properties": {
              "metadata": { "type": "object" }, "occurredAfter": { "type": "string" }, "occurredBefore": { "type": "string" } },
              "additionalProperties": false },
            "goal": { "type": "string", "description": "Only memories of this goal." },
            "project": { "type": "string", "description": "Only memories of this project." },
            "agent": { "type": "string", "description": "Only memories of this agent." },
            "diversify": { "type": "boolean", "default": false, "description": "Re-rank so near-duplicates do not crowd the top." }
          },
          "required": ["query"],
          "additionalProperties": false
        }
        """,
        Name,
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
        var input = context.Input;
        var errors = new List<MemoryError>();
        var query = ToolJson.OptionalString(input, "query", errors) ?? "";
        var k = ToolJson.OptionalInt(input, "k", errors);
        var mode = MemorySearchModeNames.Parse(ToolJson.OptionalString(input, "mode", errors), "mode", errors);
        var filter = MemoryFilterJson.Read(input["filter"], "filter", errors);
        var goal = ToolJson.OptionalString(input, "goal", errors);
        var project = ToolJson.OptionalString(input, "project", errors);
        var agent = ToolJson.OptionalString(input, "agent", errors);
        var diversify = ToolJson.OptionalBool(input, "diversify", errors);
        if (errors.Count > 0)
        {
            throw new ToolException(string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
        }

        try
        {
            var origin = new MemoryScope(context.Principal, Goal: context.GoalId);
            var result = await memories.SearchAsync(context.Principal, new MemoryQuery(query, k, mode, filter, agent, goal, project, origin, diversify), cancellationToken);
            var items = new JsonArray();
            foreach (var hit in result.Hits)
            {
                items.Add(new JsonObject
                {
                    ["id"] = hit.Record.Id,
                    ["text"] = hit.Record.Text,
                    ["score"] = Math.Round(hit.Score, 6),
                    ["metadata"] = hit.Record.Metadata is { } m ? JsonNode.Parse(m) : null,
                    ["occurredAt"] = hit.Record.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
                });
            }

            return new JsonObject { ["items"] = items };
        }
        catch (MemoryValidationException ex)
        {
            throw new ToolException(ex.Message);
        }
    }
}
