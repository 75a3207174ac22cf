using PAI.Abstractions.Memory;

namespace PAI.Memory.Memories;

/// <summary>The JSON names of the search modes: <c>hybrid</c>, <c>vector</c>, <c>keyword</c>.</summary>
public static class MemorySearchModeNames
{
    /// <summary>The mode named <paramref name="name"/> (hybrid when null); adds an error under <paramref name="path"/> when unknown.</summary>
    public static MemorySearchMode Parse(string? name, string path, List<MemoryError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (name)
        {
            case null or "hybrid":
                return MemorySearchMode.Hybrid;
            case "vector":
                return MemorySearchMode.Vector;
            case "keyword":
                return MemorySearchMode.Keyword;
            default:
                errors.Add(new MemoryError(path, "must be 'hybrid', 'vector' or 'keyword'"));
                return MemorySearchMode.Hybrid;
        }
    }
}
