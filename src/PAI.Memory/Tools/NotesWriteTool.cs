using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Memory.Memories;
using PAI.Memory.Notes;

namespace PAI.Memory.Tools;

/// <summary>
/// <c>notes.write</c>: writes a markdown note in the goal principal's notes folder and indexes it (chunks into memory,
/// links and tags into the graph). Give <c>content</c> (markdown as is), or a learning as <c>problem</c>,
/// <c>solution</c> and <c>takeaway</c> (written in the Problem → Solution → Takeaway template). Writing the same
/// note again replaces it, so a re-run of the step has one effect.
/// </summary>
public sealed class NotesWriteTool(NotesService notes, TimeProvider time) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "notes.write";

    private static readonly HashSet<string> Fields = ["path", "content", "title", "problem", "solution", "takeaway", "tags"];

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Writes a markdown note (Obsidian-compatible) in the goal principal's notes and indexes it; 'content' as is, or a learning as 'problem', 'solution' and 'takeaway'.",
        """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Relative path ending in .md, e.g. learnings/kiln-cracks.md" },
            "content": { "type": "string", "description": "The markdown (or give title, problem, solution, takeaway)." },
            "title": { "type": "string" }, "problem": { "type": "string" }, "solution": { "type": "string" }, "takeaway": { "type": "string" },
            "tags": { "type": "array", "items": { "type": "string" } }
          },
          "required": ["path"],
          "additionalProperties": false
        }
        """,
        Name,
        TimeSpan.FromSeconds(120),
        OutputSchema: """{ "type": "object", "properties": { "path": { "type": "string" }, "title": { "type": "string" }, "chunks": { "type": "integer" }, "links": { "type": "array" }, "tags": { "type": "array" } } }""");

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

        if (input["path"] is null)
        {
            errors.Add("input 'path' is required");
        }
        else if (input["path"] is JsonValue value && value.TryGetValue<string>(out var path) && NotePaths.Check(path) is { } problem)
        {
            errors.Add($"path: {problem}");
        }

        var learning = input["problem"] is not null || input["solution"] is not null || input["takeaway"] is not null;
        if (input["content"] is not null == learning)
        {
            errors.Add("give 'content', or a learning as 'problem', 'solution' and 'takeaway'");
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!notes.Enabled)
        {
            throw new ToolException("notes are off: no notes folder is configured");
        }

        var input = context.Input;
        var errors = new List<MemoryError>();
        var path = ToolJson.OptionalString(input, "path", errors) ?? "";
        var content = ToolJson.OptionalString(input, "content", errors);
        if (content is null)
        {
            var title = ToolJson.OptionalString(input, "title", errors) ?? NotePaths.BaseName(path);
            var problem = ToolJson.OptionalString(input, "problem", errors) ?? "";
            var solution = ToolJson.OptionalString(input, "solution", errors) ?? "";
            var takeaway = ToolJson.OptionalString(input, "takeaway", errors) ?? "";
            var tags = input["tags"] is JsonArray array ? array.Select(t => t?.GetValueKind() == System.Text.Json.JsonValueKind.String ? t.GetValue<string>() : null).OfType<string>().ToList() : [];
            if (problem.Length == 0 || solution.Length == 0 || takeaway.Length == 0)
            {
                errors.Add(new MemoryError("$", "a learning needs 'problem', 'solution' and 'takeaway'"));
            }

            content = LearningNote.Compose(title, problem, solution, takeaway, tags, time.GetUtcNow());
        }

        if (errors.Count > 0)
        {
            throw new ToolException(string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
        }

        try
        {
            var indexed = await notes.WriteAsync(context.Principal, path, content, cancellationToken);
            return new JsonObject
            {
                ["path"] = indexed.Path,
                ["title"] = indexed.Title,
                ["chunks"] = indexed.Chunks,
                ["links"] = new JsonArray([.. indexed.Links.Select(l => (JsonNode)l)]),
                ["tags"] = new JsonArray([.. indexed.Tags.Select(t => (JsonNode)t)]),
            };
        }
        catch (MemoryValidationException ex)
        {
            throw new ToolException(ex.Message);
        }
    }
}
