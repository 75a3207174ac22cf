using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Memory.Graph;
using PAI.Memory.Memories;

namespace PAI.Memory.Tools;

/// <summary>
/// <c>graph.query</c>: reads the goal principal's knowledge graph. With <c>entity</c>: the entity, its neighbours to
/// <c>depth</c> steps and the facts among them (as of <c>asOf</c>, default now). With <c>from</c> and <c>to</c>: a
/// shortest path between two entities.
/// </summary>
public sealed class GraphQueryTool(KnowledgeGraphService graph) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "graph.query";

    private static readonly HashSet<string> Fields = ["entity", "depth", "asOf", "from", "to"];

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Reads the goal principal's knowledge graph: an entity with its neighbours and facts ('entity', 'depth', 'asOf'), or a shortest path ('from', 'to').",
        """
        {
          "type": "object",
          "properties": {
            "entity": { "type": "string" }, "depth": { "type": "integer", "minimum": 0 },
            "asOf": { "type": "string", "format": "date-time", "description": "Read the graph as PAI knew it then." },
            "from": { "type": "string" }, "to": { "type": "string" }
          },
          "additionalProperties": false
        }
        """,
        "none",
        TimeSpan.FromSeconds(30));

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<string>();
        foreach (var (name, _) in input)
        {
            if (!Fields.Contains(name))
            {
                errors.Add($"input '{name}' is not a field of {Name}");
            }
        }

        var entity = input["entity"] is not null;
        var path = input["from"] is not null || input["to"] is not null;
        if (entity == path)
        {
            errors.Add("give 'entity' (neighbours) or 'from' and 'to' (a path)");
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var errors = new List<MemoryError>();
        var entity = ToolJson.OptionalString(input, "entity", errors);
        var from = ToolJson.OptionalString(input, "from", errors);
        var to = ToolJson.OptionalString(input, "to", errors);
        var depth = ToolJson.OptionalInt(input, "depth", errors);
        var asOf = MemoryFilterJson.ReadTime(input["asOf"], "asOf", errors);
        if (entity is null && (from is null || to is null))
        {
            errors.Add(new MemoryError("$", "give 'entity', or both 'from' and 'to'"));
        }

        if (errors.Count > 0)
        {
            throw new ToolException(string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
        }

        try
        {
            if (entity is not null)
            {
                var found = await graph.GetEntityAsync(context.Principal, entity, depth, asOf, cancellationToken);
                return found is null
                    ? new JsonObject { ["found"] = false }
                    : new JsonObject
                    {
                        ["found"] = true,
                        ["entity"] = GraphJson.Entity(found.Entity),
                        ["neighbours"] = new JsonArray([.. found.Neighbours.Select(n => GraphJson.Entity(n.Entity, n.Depth))]),
                        ["facts"] = new JsonArray([.. found.Facts.Select(GraphJson.Fact)]),
                        ["truncated"] = found.Truncated,
                    };
            }

            var path = await graph.PathAsync(context.Principal, from!, to!, asOf, cancellationToken);
            return new JsonObject
            {
                ["found"] = path?.Steps is not null,
                ["steps"] = path?.Steps is { } steps ? new JsonArray([.. steps.Select(s => new JsonObject { ["fact"] = GraphJson.Fact(s.Fact), ["entity"] = GraphJson.Entity(s.Entity) })]) : null,
            };
        }
        catch (MemoryValidationException ex)
        {
            throw new ToolException(ex.Message);
        }
    }
}
