using System.Text.Json.Nodes;
using PAI.Abstractions.Gpu;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Gpu.Images;

/// <summary>The parsed input of <c>image.generate</c>.</summary>
internal sealed record ImageRequest(IReadOnlyList<ImageRequest.Image> Images, GpuTier Tier, int Width, int Height, long Seed)
{
    private const int MaxPromptChars = 4000;

    /// <summary>One image: its prompt, its workspace path and its alt text.</summary>
    public sealed record Image(string Prompt, string Output, string? Alt);

    /// <summary>Reads and checks an input; values still holding <c>${...}</c> pass at plan time.</summary>
    public static ImageRequest Parse(JsonObject json, ImageOptions o, bool checkReferences)
    {
        foreach (var property in json)
        {
            if (property.Key is not ("images" or "folder" or "tier" or "width" or "height" or "seed"))
            {
                throw new ToolException($"unknown property '{property.Key}'");
            }
        }

        static bool IsRef(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) && s.Contains("${", StringComparison.Ordinal);
        var list = new List<Image>();
        var folder = json["folder"] switch
        {
            null => null,
            JsonValue f when f.TryGetValue<string>(out var fs) => fs,
            _ => throw new ToolException("'folder' must be a string"),
        };
        if (json["images"] is JsonArray array)
        {
            if (array.Count == 0 || array.Count > o.MaxImages)
            {
                throw new ToolException($"'images' must hold 1 to {o.MaxImages} images");
            }

            foreach (var node in array)
            {
                var prompt = node?["prompt"] is JsonValue p && p.TryGetValue<string>(out var ps) && ps.Length is > 0 and <= MaxPromptChars
                    ? ps : throw new ToolException($"each image needs a 'prompt' of 1 to {MaxPromptChars} characters");
                var output = node?["output"] is JsonValue q && q.TryGetValue<string>(out var qs) ? qs
                    : folder is not null ? $"{folder}/image-{list.Count + 1}.png"
                    : throw new ToolException("each image needs an 'output' path (or give a 'folder')");
                if (!(IsRef(node?["output"]) && !checkReferences) && WorkspacePath.Check(output) is { } problem)
                {
                    throw new ToolException($"image output: {problem}");
                }

                list.Add(new Image(prompt, output, node?["alt"] is JsonValue a && a.TryGetValue<string>(out var alt) ? alt : null));
            }
        }
        else if (!(IsRef(json["images"]) && !checkReferences))
        {
            throw new ToolException("'images' is required: a list of { prompt, output?, alt? }");
        }

        var tier = GpuTier.Standard;
        if (json["tier"] is { } t && !(IsRef(t) && !checkReferences))
        {
            tier = (t is JsonValue tv && tv.TryGetValue<string>(out var ts) ? ts : "").ToLowerInvariant() switch
            {
                "draft" => GpuTier.Draft,
                "standard" => GpuTier.Standard,
                "high" => GpuTier.High,
                var other => throw new ToolException($"'tier' must be draft, standard or high, not '{other}'"),
            };
        }

        return new ImageRequest(list, tier, Size(json, "width", o.Width, checkReferences), Size(json, "height", o.Height, checkReferences), ReadSeed(json, checkReferences));
    }

    private static int Size(JsonObject json, string name, int fallback, bool checkReferences) => json[name] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<int>(out var i) && i is >= 16 and <= 4096 => i,
        JsonValue v when !checkReferences && v.TryGetValue<string>(out var s) && s.Contains("${", StringComparison.Ordinal) => fallback,
        _ => throw new ToolException($"'{name}' must be a whole number from 16 to 4096"),
    };

    private static long ReadSeed(JsonObject json, bool checkReferences) => json["seed"] switch
    {
        null => 0,
        JsonValue v when v.TryGetValue<long>(out var l) && l >= 0 => l,
        JsonValue v when !checkReferences && v.TryGetValue<string>(out var s) && s.Contains("${", StringComparison.Ordinal) => 0,
        _ => throw new ToolException("'seed' must be a whole number, 0 or more"),
    };
}
