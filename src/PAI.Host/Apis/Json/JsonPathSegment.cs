namespace PAI.Host.Apis.Json;

/// <summary>
/// A place in a JSON document, built while walking it and turned into text (<see cref="JsonFieldPath"/>) only when an
/// error names it: walking a large valid body allocates no path strings.
/// </summary>
internal sealed class JsonPathSegment
{
    private readonly JsonPathSegment? _parent;
    private readonly string? _name;
    private readonly int _index;

    private JsonPathSegment(JsonPathSegment? parent, string? name, int index)
    {
        _parent = parent;
        _name = name;
        _index = index;
    }

    /// <summary>The whole document.</summary>
    public static JsonPathSegment Root { get; } = new(null, null, -1);

    /// <summary>A property of the object here.</summary>
    public JsonPathSegment Property(string name) => new(this, name, -1);

    /// <summary>An element of the array here.</summary>
    public JsonPathSegment Index(int index) => new(this, null, index);

    /// <inheritdoc />
    public override string ToString()
    {
        if (_parent is null)
        {
            return JsonFieldPath.Root;
        }

        var parent = _parent.ToString();
        return _name is not null ? JsonFieldPath.Property(parent, _name) : JsonFieldPath.Index(parent, _index);
    }
}
