using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Gpu;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;
using PAI.Gpu.Jobs;

namespace PAI.Gpu.Images;

/// <summary>
/// <c>image.generate</c>: makes each asked image with the configured command, one GPU job (one lease) per image, all at
/// once, so that images spread over the devices the pool has. The quality tier sets the command's step count
/// (<c>{steps}</c>: draft 20, standard 50, high 100) and the lease length. Each image is written under a temporary name
/// and renamed into place when its command succeeded; an image already finished (checkpointed and on disk) is not made
/// again when the call is repeated after a crash.
/// </summary>
public sealed class ImageGenerateTool(GpuLeasedCommand leased, IOptions<ImageOptions> images, IOptions<GpuOptions> gpus) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "image.generate";

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Generates images with the configured image command, one GPU lease per image, in parallel across devices.",
        """
        {
          "type": "object",
          "required": ["images"],
          "properties": {
            "images": { "type": "array", "items": { "type": "object", "required": ["prompt"],
              "properties": { "prompt": { "type": "string" }, "output": { "type": "string", "description": "Workspace path of the PNG." }, "alt": { "type": "string" } } } },
            "folder": { "type": "string", "description": "Where images without an output go, as image-1.png, image-2.png, ..." },
            "tier": { "type": "string", "enum": ["draft", "standard", "high"] },
            "width": { "type": "integer" }, "height": { "type": "integer" }, "seed": { "type": "integer" }
          },
          "additionalProperties": false
        }
        """,
        "gpu",
        null);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        try
        {
            _ = ImageRequest.Parse(input, images.Value, checkReferences: false);
            return [];
        }
        catch (ToolException ex)
        {
            return [ex.Message];
        }
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var o = images.Value;
        var command = o.Command ?? throw new ToolException("no image command is configured (Pai:Images:Command)");
        var request = ImageRequest.Parse(context.Input, o, checkReferences: true);
        var steps = request.Tier switch
        {
            GpuTier.Draft => gpus.Value.DraftSteps,
            GpuTier.High => gpus.Value.HighSteps,
            _ => gpus.Value.StandardSteps,
        };
        using var checkpoint = new SerializedCheckpoint(context.Checkpoint);
        var shared = context with { Checkpoint = checkpoint };
        var jobs = request.Images.Select((image, i) => GenerateAsync(shared, command, o, request, image, i, steps, cancellationToken)).ToList();
        var results = await Task.WhenAll(jobs);
        return new JsonObject
        {
            ["tier"] = request.Tier.ToString().ToLowerInvariant(),
            ["steps"] = steps,
            ["images"] = new JsonArray(results.Select(r => (JsonNode)r).ToArray()),
        };
    }

    private async Task<JsonObject> GenerateAsync(
        ToolContext context, string command, ImageOptions o, ImageRequest request, ImageRequest.Image image, int index, int steps, CancellationToken cancellationToken)
    {
        var target = WorkspacePath.Resolve(context.Workspace, image.Output);
        var doneKey = $"image.done/{index.ToString(CultureInfo.InvariantCulture)}";
        if (context.Checkpoint.Get(doneKey) is { } done && File.Exists(target))
        {
            var earlier = JsonNode.Parse(done)!.AsObject();
            earlier["reused"] = true;
            return earlier;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileNameWithoutExtension(target)}.partial-{context.Attempt}.png");
        var seed = request.Seed + index;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["prompt"] = image.Prompt,
            ["output"] = partial,
            ["steps"] = steps.ToString(CultureInfo.InvariantCulture),
            ["width"] = request.Width.ToString(CultureInfo.InvariantCulture),
            ["height"] = request.Height.ToString(CultureInfo.InvariantCulture),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["tier"] = request.Tier.ToString().ToLowerInvariant(),
            ["model"] = o.Model ?? "",
        };
        var arguments = o.Args.Select(a => ImageArguments.Fill(a, values)).ToList();
        try
        {
            var job = await leased.RunAsync(context, $"/img{index.ToString(CultureInfo.InvariantCulture)}", new LeasedCommandSpec(command, arguments, request.Tier, o.Model, null), cancellationToken);
            if (!File.Exists(partial) || new FileInfo(partial).Length == 0)
            {
                throw new ToolException($"the image command finished but wrote no image for '{image.Output}':\n{job["output"]}");
            }

            File.Move(partial, target, overwrite: true);
            var result = new JsonObject
            {
                ["output"] = image.Output,
                ["prompt"] = image.Prompt,
                ["alt"] = image.Alt,
                ["bytes"] = new FileInfo(target).Length,
                ["device"] = job["device"]?.DeepClone(),
                ["fencingToken"] = job["fencingToken"]?.DeepClone(),
                ["grantedAt"] = job["grantedAt"]?.DeepClone(),
                ["waitMs"] = job["waitMs"]?.DeepClone(),
                ["durationMs"] = job["durationMs"]?.DeepClone(),
            };
            await context.Checkpoint.SetAsync(doneKey, result.ToJsonString(), CancellationToken.None);
            return result;
        }
        finally
        {
            // This attempt's temporary file, and any an earlier attempt's job (killed by now) left behind.
            foreach (var stale in Directory.EnumerateFiles(Path.GetDirectoryName(target)!, $".{Path.GetFileNameWithoutExtension(target)}.partial-*.png"))
            {
                File.Delete(stale);
            }
        }
    }
}
