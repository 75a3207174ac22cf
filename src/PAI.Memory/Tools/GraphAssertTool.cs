using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Memory.Graph;
using PAI.Memory.Memories;

namespace PAI.Memory.Tools;

/// <summary>
/// <c>graph.assert</c>: stores facts in the goal principal's knowledge graph (no model involved). The step's
/// idempotency key names the episode, so a re-run stores nothing twice and answers the same ids.
/// </summary>
public sealed class GraphAssertTool(KnowledgeGraphService graph) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "graph.assert";

    private static readonly HashSet<string> FactFields = ["subject", "predicate", "object", "validFrom", "validTo", "single"];

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Stores facts (subject, predicate, object) in the goal principal's knowledge graph; a single-valued fact closes a contradicting current one. Returns the fact ids and conflicts.",
        """
        {
          "type": "object",
          "properties": {
            "facts": { "type": "array", "minItems": 1, "items": { "type": "object", "properties": {
              "subject": { "type": "string" }, "predicate": { "type": "string" },
              "object": { "description": "An entity name (string), or a literal value: a number, true/false, or {\"value\": ...}." },
              "validFrom": { "type": "string", "format": "date-time" }, "validTo": { "type": "string", "format": "date-time" },
              "single": { "type": "boolean", "description": "The subject has one value for this predicate at a time." } },
              "required": ["subject", "predicate", "object"], "additionalProperties": false } }
          },
          "required": ["facts"],
          "additionalProperties": false
        }
        """,
        Name,
        TimeSpan.FromSeconds(60),
        OutputSchema: """{ "type": "object", "properties": { "ids": { "type": "array", "items": { "type": "string" } }, "conflicts": { "type": "array" } } }""");

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<string>();
        foreach (var (name, _) in input)
        {
            if (name != "facts")
            {
                errors.Add($"input '{name}' is not a field of {Name}");
            }
        }

        if (input["facts"] is null)
        {
            errors.Add("input 'facts' is required");
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<MemoryError>();
        var facts = ReadFacts(context.Input["facts"], errors);
        if (errors.Count > 0)
        {
            throw new ToolException(string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
        }

        try
        {
            var result = await graph.AssertAsync(context.Principal, facts, "tool", $"{context.GoalId}/{context.StepId}", context.IdempotencyKey, cancellationToken);
            return new JsonObject
            {
                ["ids"] = new JsonArray([.. result.FactIds.Select(id => (JsonNode)id)]),
                ["conflicts"] = new JsonArray([.. result.Conflicts.Select(GraphJson.Conflict)]),
            };
        }
        catch (MemoryValidationException ex)
        {
            throw new ToolException(ex.Message);
        }
    }

    /// <summary>Reads the facts of an input (the same shape as <c>POST /api/graph/facts</c>).</summary>
    internal static List<FactInput> ReadFacts(JsonNode? node, List<MemoryError> errors)
    {
        var facts = new List<FactInput>();
        if (node is not JsonArray array)
        {
            errors.Add(new MemoryError("facts", "must be an array"));
            return facts;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var path = $"facts[{i}]";
            if (array[i] is not JsonObject item)
            {
                errors.Add(new MemoryError(path, "must be an object"));
                continue;
            }

            foreach (var (name, _) in item)
            {
                if (!FactFields.Contains(name))
                {
                    errors.Add(new MemoryError($"{path}.{name}", "unknown field"));
                }
            }

            var subject = ToolJson.OptionalString(item, "subject", errors, path) ?? "";
            var predicate = ToolJson.OptionalString(item, "predicate", errors, path) ?? "";
            var (obj, value) = GraphJson.ReadObject(item["object"], path + ".object", errors);
            var from = MemoryFilterJson.ReadTime(item["validFrom"], path + ".validFrom", errors);
            var to = MemoryFilterJson.ReadTime(item["validTo"], path + ".validTo", errors);
            var single = item["single"]?.GetValueKind() switch
            {
                null => false,
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => Invalid(errors, path + ".single"),
            };
            facts.Add(new FactInput(subject, predicate, obj, value, from, to, single));
        }

        return facts;
    }

    private static bool Invalid(List<MemoryError> errors, string path)
    {
        errors.Add(new MemoryError(path, "must be true or false"));
        return false;
    }
}
