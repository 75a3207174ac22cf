using System.Text;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PAI.Memory.Notes;

/// <summary>
/// Reads an Obsidian-style note with Markdig: YAML front matter (<c>title</c>, <c>tags</c>, <c>aliases</c>),
/// <c>[[wikilinks]]</c> and <c>#tags</c> outside code, and the text cut into heading-scoped chunks. Every scan is
/// linear in the note's length (no regular expressions); links and tags are bounded in length and number.
/// </summary>
public static class NoteParser
{
    private const int MaxLinkLength = 300;
    private const int MaxTagLength = 100;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    /// <summary>Parses <paramref name="markdown"/> (the note at <paramref name="path"/>).</summary>
    public static NoteDocument Parse(string path, string markdown, int chunkCharacters, int maxChunks, int maxEdges)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(markdown);
        string? title = null;
        var tags = new List<string>();
        var aliases = new List<string>();
        var links = new List<string>();
        var chunks = new ChunkBuilder(chunkCharacters, maxChunks);
        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig refuses input nested past its depth limit; such a note is read as one block of plain text.
            Scan(markdown, links, tags, maxEdges);
            chunks.Add(markdown);
            document = new MarkdownDocument();
        }

        foreach (var block in document.Descendants<LeafBlock>())
        {
            var source = Slice(markdown, block);
            switch (block)
            {
                case YamlFrontMatterBlock:
                    ReadFrontMatter(source, ref title, tags, aliases);
                    break;
                case HeadingBlock heading:
                    var text = source.TrimStart('#').Trim().TrimEnd('#').Trim();
                    if (heading.Level == 1 && title is null && text.Length > 0)
                    {
                        title = text;
                    }

                    Scan(text, links, tags, maxEdges);
                    chunks.Heading(heading.Level, text);
                    break;
                case CodeBlock:
                    chunks.Add(source);
                    break;
                default:
                    Scan(source, links, tags, maxEdges);
                    chunks.Add(source);
                    break;
            }
        }

        return new NoteDocument(
            title ?? NotePaths.BaseName(path),
            tags.Distinct(StringComparer.Ordinal).Take(maxEdges).ToList(),
            aliases.Distinct(StringComparer.Ordinal).Take(maxEdges).ToList(),
            links.Distinct(StringComparer.OrdinalIgnoreCase).Take(maxEdges).ToList(),
            chunks.Finish());
    }

    private static string Slice(string markdown, Block block)
    {
        var start = Math.Clamp(block.Span.Start, 0, markdown.Length);
        var end = Math.Clamp(block.Span.End + 1, start, markdown.Length);
        return markdown[start..end];
    }

    private static void ReadFrontMatter(string source, ref string? title, List<string> tags, List<string> aliases)
    {
        var yaml = source.Trim();
        yaml = yaml.StartsWith("---", StringComparison.Ordinal) ? yaml[3..] : yaml;
        yaml = yaml.EndsWith("---", StringComparison.Ordinal) || yaml.EndsWith("...", StringComparison.Ordinal) ? yaml[..^3] : yaml;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
            {
                return;
            }

            foreach (var (key, value) in map.Children)
            {
                switch ((key as YamlScalarNode)?.Value?.ToLowerInvariant())
                {
                    case "title" when value is YamlScalarNode { Value: { Length: > 0 } t }:
                        title = t.Trim();
                        break;
                    case "tags" or "tag":
                        tags.AddRange(Values(value).Select(t => t.TrimStart('#').ToLowerInvariant()).Where(IsTag));
                        break;
                    case "aliases" or "alias":
                        aliases.AddRange(Values(value).Where(a => a.Length is > 0 and <= 200));
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // Front matter that is not YAML is text like any other: the note is still indexed.
        }
    }

    private static IEnumerable<string> Values(YamlNode node) => node switch
    {
        YamlScalarNode { Value: { } v } => v.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value?.Trim() ?? "").Where(s => s.Length > 0),
        _ => [],
    };

    /// <summary>Finds <c>[[links]]</c> and <c>#tags</c> in one block's text, skipping <c>`inline code`</c>; linear.</summary>
    internal static void Scan(string text, List<string> links, List<string> tags, int maxEdges)
    {
        var inCode = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '`')
            {
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                continue;
            }

            if (c == '[' && i + 1 < text.Length && text[i + 1] == '[' && links.Count < maxEdges)
            {
                var close = text.IndexOf("]]", i + 2, Math.Min(MaxLinkLength, text.Length - i - 2), StringComparison.Ordinal);
                if (close > 0)
                {
                    var inner = text[(i + 2)..close];
                    var cut = inner.IndexOfAny(['|', '#', '^']);
                    var target = (cut >= 0 ? inner[..cut] : inner).Trim();
                    if (target.Length > 0 && !target.Contains('[', StringComparison.Ordinal) && !target.Contains('\n', StringComparison.Ordinal))
                    {
                        links.Add(target);
                    }

                    i = close + 1;
                }

                continue;
            }

            if (c == '#' && (i == 0 || char.IsWhiteSpace(text[i - 1])) && tags.Count < maxEdges)
            {
                var end = i + 1;
                while (end < text.Length && end - i <= MaxTagLength && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '-' or '/'))
                {
                    end++;
                }

                var tag = text[(i + 1)..end].ToLowerInvariant();
                if (IsTag(tag))
                {
                    tags.Add(tag);
                }

                i = end - 1;
            }
        }
    }

    private static bool IsTag(string tag) => tag.Length is > 0 and <= MaxTagLength && tag.Any(ch => !char.IsDigit(ch)) && tag.All(ch => char.IsLetterOrDigit(ch) || ch is '_' or '-' or '/');

    /// <summary>Accumulates blocks into chunks under their heading path, never over the size (long blocks are cut at white space).</summary>
    private sealed class ChunkBuilder(int size, int max)
    {
        private readonly List<string> _chunks = [];
        private readonly string[] _headings = new string[7];
        private readonly StringBuilder _current = new();

        public void Heading(int level, string text)
        {
            Flush();
            var l = Math.Clamp(level, 1, 6);
            _headings[l] = text;
            for (var i = l + 1; i < _headings.Length; i++)
            {
                _headings[i] = "";
            }
        }

        public void Add(string text)
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 0)
            {
                return;
            }

            if (_current.Length > 0 && _current.Length + trimmed.Length + 2 > size)
            {
                Flush();
            }

            while (trimmed.Length > size)
            {
                var cut = trimmed.LastIndexOf(' ', size - 1);
                cut = cut < size / 2 ? size : cut;
                _current.Append(trimmed.AsSpan(0, cut));
                Flush();
                trimmed = trimmed[cut..].TrimStart();
            }

            if (_current.Length > 0)
            {
                _current.Append("\n\n");
            }

            _current.Append(trimmed);
        }

        public IReadOnlyList<string> Finish()
        {
            Flush();
            return _chunks;
        }

        private void Flush()
        {
            if (_current.Length == 0 || _chunks.Count >= max)
            {
                _current.Clear();
                return;
            }

            var path = string.Join(" > ", _headings.Where(h => !string.IsNullOrEmpty(h)));
            path = path.Length > 300 ? path[..300] : path;
            _chunks.Add(path.Length > 0 ? $"{path}\n{_current}" : _current.ToString());
            _current.Clear();
        }
    }
}
