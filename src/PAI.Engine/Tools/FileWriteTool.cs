using System.Text;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Templates;

namespace PAI.Engine.Tools;

/// <summary><c>file.write</c>: replaces a workspace file atomically (temp file in the same folder, then rename), or
/// appends exactly once when <c>append</c> is true.</summary>
/// <remarks>Replacing is idempotent by nature: a re-run writes the same bytes again, and the rename means readers see
/// the old or the new file, never a half-written one.</remarks>
public sealed class FileWriteTool(AppendJournal journal) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = BuiltInToolNames.FileWrite;

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Writes a UTF-8 text file in the goal's workspace atomically, creating folders (or appends once with append=true).",
        """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Path relative to the goal's workspace." },
            "content": { "type": "string", "description": "UTF-8 text to write." },
            "append": { "type": "boolean", "default": false, "description": "Append (exactly once per step) instead of replacing." }
          },
          "required": ["path", "content"],
          "additionalProperties": false
        }
        """,
        "file.write",
        TimeSpan.FromSeconds(60));

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        var errors = new List<string>();
        ToolInput.CheckRequired(input, "path", errors);
        ToolInput.CheckRequired(input, "content", errors);
        ToolInput.CheckPath(input, "path", errors);
        ToolInput.CheckString(input, "content", errors);
        if (input["append"] is { } append && !TemplateEvaluator.IsTemplate(append)
            && append.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
        {
            errors.Add("input 'append' must be true or false");
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var relative = ToolInput.RequiredString(context.Input, "path");
        var content = ToolInput.RequiredString(context.Input, "content");
        var append = ToolInput.OptionalBool(context.Input, "append", false);
        var workspace = WorkspacePath.RealWorkspace(context.Workspace);
        var full = WorkspacePath.Resolve(context.Workspace, relative);
        var bytes = Encoding.UTF8.GetBytes(content);
        var shownPath = WorkspacePath.ToRelative(workspace, full);

        if (append)
        {
            var result = await journal.AppendAsync(workspace, full, context.IdempotencyKey, bytes, cancellationToken);
            return new JsonObject { ["path"] = shownPath, ["offset"] = result.Offset, ["bytes"] = result.Length };
        }

        try
        {
            await AtomicFile.WriteAsync(full, bytes, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException($"cannot write '{shownPath}': {ex.Message}", retryable: ex is IOException, ex);
        }

        return new JsonObject { ["path"] = shownPath, ["bytes"] = bytes.Length };
    }
}
