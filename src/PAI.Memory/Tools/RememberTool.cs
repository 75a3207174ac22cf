using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Memory.Memories;

namespace PAI.Memory.Tools;

/// <summary>
/// <c>memory.remember</c>: stores one memory (<c>text</c>) or several (<c>items</c>) for the goal's principal, in the
/// goal's scope (and the <c>project</c>/<c>agent</c> given). Ids derive from the step's idempotency key, so a re-run
/// of the step stores nothing twice and answers the same ids.
/// </summary>
public sealed class RememberTool(MemoryService memories) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "memory.remember";

    private static readonly HashSet<string> Fields = ["text", "items", "metadata", "occurredAt", "project", "agent"];
    private static readonly HashSet<string> ItemFields = ["text", "metadata", "occurredAt"];

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Remembers text (one 'text' or up to 1,000 'items') for the goal's principal, scoped to the goal; returns the memory ids.",
        """
        {
          "type": "object",
          "properties": {
            "text": { "type": "string", "description": "What to remember (or use items)." },
            "items": { "type": "array", "items": { "type": "object", "properties": {
              "text": { "type": "string" }, "metadata": { "type": "object" }, "occurredAt": { "type": "string", "format": "date-time" } },
              "required": ["text"], "additionalProperties": false } },
            "metadata": { "type": "object", "description": "Attached to every memory of the call (items' own metadata wins)." },
            "occurredAt": { "type": "string", "format": "date-time", "description": "When it happened; default now." },
            "project": { "type": "string" },
            "agent": { "type": "string" }
          },
          "additionalProperties": false
        }
        """,
        Name,
        TimeSpan.FromSeconds(120),
        OutputSchema: """{ "type": "object", "properties": { "ids": { "type": "array", "items": { "type": "string" } } } }""");

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

        if (input["text"] is null && input["items"] is null)
        {
            errors.Add("input 'text' or 'items' is required");
        }

        if (input["text"] is not null && input["items"] is not null)
        {
            errors.Add("give 'text' or 'items', not both");
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<MemoryError>();
        var input = context.Input;
        var shared = ReadMetadata(input["metadata"], "metadata", errors);
        var occurred = MemoryFilterJson.ReadTime(input["occurredAt"], "occurredAt", errors);
        var project = ToolJson.OptionalString(input, "project", errors);
        var agent = ToolJson.OptionalString(input, "agent", errors);
        var items = new List<MemoryInput>();
        if (input["items"] is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var path = $"items[{i}]";
                if (array[i] is not JsonObject item)
                {
                    errors.Add(new MemoryError(path, "must be an object"));
                    continue;
                }

                foreach (var (name, _) in item)
                {
                    if (!ItemFields.Contains(name))
                    {
                        errors.Add(new MemoryError($"{path}.{name}", "unknown field"));
                    }
                }

                var text = ToolJson.OptionalString(item, "text", errors, path) ?? "";
                var metadata = Merge(shared, ReadMetadata(item["metadata"], path + ".metadata", errors));
                var at = MemoryFilterJson.ReadTime(item["occurredAt"], path + ".occurredAt", errors) ?? occurred;
                items.Add(new MemoryInput(text, metadata?.ToJsonString(), at, agent, context.GoalId, project));
            }
        }
        else if (input["items"] is not null)
        {
            errors.Add(new MemoryError("items", "must be an array"));
        }
        else
        {
            items.Add(new MemoryInput(ToolJson.OptionalString(input, "text", errors) ?? "", shared?.ToJsonString(), occurred, agent, context.GoalId, project));
        }

        if (errors.Count > 0)
        {
            throw new ToolException(string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
        }

        try
        {
            var ids = await memories.RememberAsync(context.Principal, items, context.IdempotencyKey, cancellationToken);
            return new JsonObject { ["ids"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]) };
        }
        catch (MemoryValidationException ex)
        {
            throw new ToolException(ex.Message);
        }
    }

    private static JsonObject? ReadMetadata(JsonNode? node, string path, List<MemoryError> errors)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonObject obj)
        {
            return obj;
        }

        errors.Add(new MemoryError(path, "must be an object"));
        return null;
    }

    private static JsonObject? Merge(JsonObject? shared, JsonObject? own)
    {
        if (shared is null)
        {
            return own;
        }

        var merged = (JsonObject)shared.DeepClone();
        foreach (var (name, value) in own ?? [])
        {
            merged[name] = value?.DeepClone();
        }

        return merged;
    }
}
