using System.Text.Json;
using System.Text.Unicode;

namespace PAI.Host.Apis.Json;

/// <summary>
/// The checks System.Text.Json's parser leaves to whoever reads the values later (where they surface as exceptions,
/// i.e. 500s): duplicate property names, invalid UTF-8 and lone surrogates in strings. One forward pass over the
/// tokens, linear in the body's size, depth bounded.
/// </summary>
public static class JsonSyntaxCheck
{
    /// <summary>Reports at most this many problems: enough to fix a body, bounded for a hostile one.</summary>
    public const int MaxErrors = 20;

    /// <summary>The nesting limit for request bodies.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Checks <paramref name="utf8"/>; an empty list means it is one well-formed JSON value with unique
    /// property names and valid strings.</summary>
    public static List<FieldError> Check(ReadOnlySpan<byte> utf8)
    {
        var errors = new List<FieldError>();
        var frames = new Stack<Frame>();
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        try
        {
            while (reader.Read() && errors.Count < MaxErrors)
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        frames.Push(new Frame(ValueSegment(frames), isArray: false));
                        break;
                    case JsonTokenType.StartArray:
                        frames.Push(new Frame(ValueSegment(frames), isArray: true));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        Advance(frames);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = frames.Peek();
                        var name = ReadString(ref reader, materialize: true);
                        frame.Name = name ?? "?";
                        if (name is null)
                        {
                            errors.Add(new(frame.Path.Property("?").ToString(), "a property name is not valid UTF-8 or holds a lone surrogate (\\ud800-\\udfff)"));
                        }
                        else if (!frame.AddName(name))
                        {
                            errors.Add(new(frame.Path.Property(name).ToString(), $"duplicate property '{Shorten(name)}': each name may appear once per object"));
                        }

                        break;
                    case JsonTokenType.String:
                        if (ReadString(ref reader, materialize: false) is null)
                        {
                            errors.Add(new(ValueSegment(frames).ToString(), "the string is not valid UTF-8 or holds a lone surrogate (\\ud800-\\udfff)"));
                        }

                        Advance(frames);
                        break;
                    default:
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            errors.Add(new(JsonFieldPath.Root, $"the body is not valid JSON: {ex.Message}"));
        }

        return errors;
    }

    /// <summary>The string's value ("" unless <paramref name="materialize"/>), or null when it cannot be turned into a
    /// .NET string.</summary>
    private static string? ReadString(ref Utf8JsonReader reader, bool materialize)
    {
        // Unescaped text is the bytes themselves; escapes (\uXXXX) are where lone surrogates hide.
        if (!reader.ValueIsEscaped)
        {
            return !Utf8.IsValid(reader.ValueSpan) ? null : materialize ? reader.GetString() : "";
        }

        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static JsonPathSegment ValueSegment(Stack<Frame> frames)
    {
        if (!frames.TryPeek(out var frame))
        {
            return JsonPathSegment.Root;
        }

        return frame.IsArray ? frame.Path.Index(frame.Index) : frame.Path.Property(frame.Name);
    }

    private static void Advance(Stack<Frame> frames)
    {
        if (frames.TryPeek(out var frame) && frame.IsArray)
        {
            frame.Index++;
        }
    }

    private static string Shorten(string name) => name.Length > 100 ? string.Concat(name.AsSpan(0, 100), "…") : name;

    /// <summary>An open object or array: where it is, and what has been seen inside it so far.</summary>
    private sealed class Frame(JsonPathSegment path, bool isArray)
    {
        private HashSet<string>? _names;

        public JsonPathSegment Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Index { get; set; }

        public string Name { get; set; } = "";

        /// <summary>False when the object already has a property of that name.</summary>
        public bool AddName(string name) => (_names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
    }
}
