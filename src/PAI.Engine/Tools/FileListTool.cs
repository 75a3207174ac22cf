using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary><c>file.list</c>: lists the files under a workspace folder (recursively, sorted) with size, time and
/// SHA-256, plus a ready-made markdown table. Read-only, so idempotent.</summary>
public sealed class FileListTool : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = BuiltInToolNames.FileList;

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Lists the files under a workspace folder with size, modification time and SHA-256, and a markdown table of them.",
        """
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Folder relative to the workspace." },
            "pattern": { "type": "string", "default": "*", "description": "File name pattern, e.g. *.md" },
            "maxFiles": { "type": "integer", "minimum": 1, "default": 1000 }
          },
          "required": ["path"],
          "additionalProperties": false
        }
        """,
        "file.read",
        TimeSpan.FromSeconds(60));

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        var errors = new List<string>();
        ToolInput.CheckRequired(input, "path", errors);
        ToolInput.CheckPath(input, "path", errors);
        ToolInput.CheckString(input, "pattern", errors);
        ToolInput.CheckPositiveNumber(input, "maxFiles", errors);
        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var relative = ToolInput.RequiredString(context.Input, "path");
        var folder = WorkspacePath.Resolve(context.Workspace, relative);
        var pattern = ToolInput.OptionalString(context.Input, "pattern") ?? "*";
        var max = ToolInput.OptionalPositiveLong(context.Input, "maxFiles", 1000);
        if (!Directory.Exists(folder))
        {
            throw new ToolException($"folder '{relative}' does not exist");
        }

        var workspace = WorkspacePath.RealWorkspace(context.Workspace);
        var files = new JsonArray();
        var table = new StringBuilder("| file | bytes | modified (UTC) | sha256 |\n|---|---:|---|---|\n");
        long total = 0;
        foreach (var path in Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories).Where(p => !AtomicFile.IsLeftover(p)).Order(StringComparer.Ordinal).Take((int)Math.Min(max, int.MaxValue)))
        {
            var info = new FileInfo(path);
            string hash;
            await using (var stream = info.OpenRead())
            {
                hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            }

            var shown = WorkspacePath.ToRelative(workspace, path);
            var modified = info.LastWriteTimeUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            files.Add(new JsonObject { ["path"] = shown, ["bytes"] = info.Length, ["modified"] = info.LastWriteTimeUtc, ["sha256"] = hash });
            table.Append(CultureInfo.InvariantCulture, $"| {shown} | {info.Length} | {modified} | {hash[..12]} |\n");
            total += info.Length;
        }

        return new JsonObject { ["path"] = relative, ["count"] = files.Count, ["totalBytes"] = total, ["files"] = files, ["markdown"] = table.ToString() };
    }
}
