using System.Text;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary><c>file.append</c>: appends text to a workspace file exactly once per idempotency key (see
/// <see cref="AppendJournal"/>).</summary>
public sealed class FileAppendTool(AppendJournal journal) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = BuiltInToolNames.FileAppend;

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Appends UTF-8 text to a file in the goal's workspace, exactly once per step, creating it and its folders.",
        """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Path relative to the goal's workspace." },
            "content": { "type": "string", "description": "UTF-8 text to append; include a trailing newline if you want one." }
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
        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var relative = ToolInput.RequiredString(context.Input, "path");
        var content = ToolInput.RequiredString(context.Input, "content");
        var workspace = WorkspacePath.RealWorkspace(context.Workspace);
        var full = WorkspacePath.Resolve(context.Workspace, relative);
        var shownPath = WorkspacePath.ToRelative(workspace, full);
        try
        {
            var result = await journal.AppendAsync(workspace, full, context.IdempotencyKey, Encoding.UTF8.GetBytes(content), cancellationToken);
            return new JsonObject { ["path"] = shownPath, ["offset"] = result.Offset, ["bytes"] = result.Length };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException($"cannot append to '{shownPath}': {ex.Message}", retryable: ex is IOException, ex);
        }
    }
}
