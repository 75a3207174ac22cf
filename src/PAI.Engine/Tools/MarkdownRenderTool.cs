using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>
/// <c>markdown.render</c>: inserts images into a markdown text (one after each <c>##</c> section, in order; the rest at
/// the end), renders it to a complete HTML page with Markdig (raw HTML in the markdown is shown as text, never run, since
/// the text may come from a model), and writes the page and the final markdown into the workspace, each replaced
/// atomically. Image links are relative to the page, so a folder moved as a whole keeps working.
/// </summary>
public sealed class MarkdownRenderTool : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "markdown.render";

    private const int MaxMarkdownChars = 1_000_000;
    private const int MaxImages = 64;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAdvancedExtensions().Build();

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Inserts images into markdown, renders it to an HTML page (raw HTML disabled) and writes the page and the markdown into the workspace.",
        """
        {
          "type": "object",
          "required": ["markdown", "output"],
          "properties": {
            "markdown": { "type": "string" },
            "title": { "type": "string" },
            "output": { "type": "string", "description": "Workspace path of the HTML page." },
            "markdownOutput": { "type": "string", "description": "Workspace path of the markdown with the images inserted." },
            "images": { "type": "array", "items": { "type": "object", "properties": { "output": { "type": "string" }, "alt": { "type": "string" }, "prompt": { "type": "string" } } } }
          },
          "additionalProperties": false
        }
        """,
        "file.write",
        TimeSpan.FromSeconds(30));

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        foreach (var property in input)
        {
            if (property.Key is not ("markdown" or "title" or "output" or "markdownOutput" or "images"))
            {
                return [$"unknown property '{property.Key}'"];
            }
        }

        return input["output"] is JsonValue v && v.TryGetValue<string>(out var output) && !output.Contains("${", StringComparison.Ordinal) && WorkspacePath.Check(output) is { } problem
            ? [$"output: {problem}"]
            : [];
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        if (Validate(input) is [var error, ..])
        {
            throw new ToolException(error);
        }

        var markdown = Text(input, "markdown") ?? throw new ToolException("'markdown' is required");
        if (markdown.Length > MaxMarkdownChars)
        {
            throw new ToolException($"'markdown' is longer than {MaxMarkdownChars} characters");
        }

        var output = Text(input, "output") ?? throw new ToolException("'output' is required");
        var page = WorkspacePath.Resolve(context.Workspace, output);
        var folder = Path.GetDirectoryName(page)!;
        var images = new List<(string Src, string Alt)>();
        if (input["images"] is JsonArray list)
        {
            if (list.Count > MaxImages)
            {
                throw new ToolException($"at most {MaxImages} images");
            }

            foreach (var image in list.OfType<JsonObject>())
            {
                var path = Text(image, "output") ?? throw new ToolException("each image needs an 'output' (its workspace path)");
                var src = Path.GetRelativePath(folder, WorkspacePath.Resolve(context.Workspace, path)).Replace('\\', '/');
                images.Add((src, Text(image, "alt") ?? Text(image, "prompt") ?? ""));
            }
        }

        var combined = MarkdownImages.Insert(markdown, images);
        var title = Text(input, "title") ?? MarkdownImages.FirstHeading(combined) ?? "Untitled";
        var html = Page(title, Markdown.ToHtml(combined, Pipeline));
        await WriteAtomicallyAsync(page, html, cancellationToken);
        if (Text(input, "markdownOutput") is { } markdownOutput)
        {
            await WriteAtomicallyAsync(WorkspacePath.Resolve(context.Workspace, markdownOutput), combined, cancellationToken);
        }

        return new JsonObject
        {
            ["output"] = output,
            ["title"] = title,
            ["images"] = images.Count,
            ["bytes"] = Encoding.UTF8.GetByteCount(html),
        };
    }

    private static string Page(string title, string body) =>
        $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>{WebUtility.HtmlEncode(title)}</title>
        <style>body{"{"}max-width:46rem;margin:2rem auto;padding:0 1rem;font:17px/1.6 system-ui,sans-serif{"}"} img{"{"}max-width:100%;height:auto{"}"} figure{"{"}margin:1.5rem 0{"}"}</style>
        </head>
        <body>
        <article>
        {body}
        </article>
        </body>
        </html>
        """;

    private static Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, Encoding.UTF8.GetBytes(text), cancellationToken);

    private static string? Text(JsonObject json, string name) => json[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new ToolException($"'{name}' must be a string"),
    };
}
