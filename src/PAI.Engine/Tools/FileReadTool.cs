using System.Text;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Templates;

namespace PAI.Engine.Tools;

/// <summary><c>file.read</c>: reads a UTF-8 text file from the goal's workspace, up to a size limit.</summary>
public sealed class FileReadTool : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = BuiltInToolNames.FileRead;

    /// <summary>Largest file read when the input names no <c>maxBytes</c>.</summary>
    public const long DefaultMaxBytes = 1024 * 1024;

    /// <summary>Largest <c>maxBytes</c> accepted: the content is returned as one string.</summary>
    public const long MaxMaxBytes = 256L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Reads a UTF-8 text file from the goal's workspace.",
        """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Path relative to the goal's workspace." },
            "maxBytes": { "type": "integer", "minimum": 1, "maximum": 268435456, "default": 1048576, "description": "Refuse files larger than this." }
          },
          "required": ["path"],
          "additionalProperties": false
        }
        """,
        "file.read",
        TimeSpan.FromSeconds(30));

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        var errors = new List<string>();
        ToolInput.CheckRequired(input, "path", errors);
        ToolInput.CheckPath(input, "path", errors);
        ToolInput.CheckPositiveNumber(input, "maxBytes", errors);
        if (errors.Count == 0 && input["maxBytes"] is { } node && !TemplateEvaluator.IsTemplate(node)
            && ToolInput.OptionalPositiveLong(input, "maxBytes", DefaultMaxBytes) > MaxMaxBytes)
        {
            errors.Add($"input 'maxBytes' may be at most {MaxMaxBytes}");
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var relative = ToolInput.RequiredString(context.Input, "path");
        var maxBytes = ToolInput.OptionalPositiveLong(context.Input, "maxBytes", DefaultMaxBytes);
        if (maxBytes > MaxMaxBytes)
        {
            throw new ToolException($"input 'maxBytes' may be at most {MaxMaxBytes}", retryable: false);
        }

        var workspace = WorkspacePath.RealWorkspace(context.Workspace);
        var full = WorkspacePath.Resolve(context.Workspace, relative);
        var shownPath = WorkspacePath.ToRelative(workspace, full);
        if (!File.Exists(full))
        {
            throw new ToolException($"file '{shownPath}' does not exist", retryable: false);
        }

        byte[] bytes;
        try
        {
            await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, useAsync: true);
            if (stream.Length > maxBytes)
            {
                throw TooLarge(shownPath, stream.Length, maxBytes);
            }

            // Read one byte past the cap: the file may have grown since Length was read.
            var buffer = new byte[checked((int)Math.Min(stream.Length + 1, maxBytes + 1))];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            {
                total += read;
            }

            if (total > maxBytes)
            {
                throw TooLarge(shownPath, total, maxBytes);
            }

            bytes = buffer[..total];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException($"cannot read '{shownPath}': {ex.Message}", retryable: ex is IOException, ex);
        }

        string content;
        try
        {
            content = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ToolException($"file '{shownPath}' is not valid UTF-8 text", retryable: false, ex);
        }

        return new JsonObject { ["path"] = shownPath, ["content"] = content };
    }

    private static ToolException TooLarge(string path, long size, long maxBytes) =>
        new($"file '{path}' is {size} bytes, over the limit of {maxBytes} bytes (maxBytes)", retryable: false);
}
