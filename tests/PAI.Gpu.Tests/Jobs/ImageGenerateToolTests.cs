using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Gpu;
using PAI.Abstractions.Tools;
using PAI.Gpu.Images;
using PAI.Gpu.Tests.Infrastructure;

namespace PAI.Gpu.Tests.Jobs;

/// <summary><c>image.generate</c> with the real stand-in image program, through real leases on logical GPUs.</summary>
public sealed class ImageGenerateToolTests
{
    private static readonly string StandIn = Path.GetFullPath(typeof(ImageGenerateToolTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ImageStandInDll").Value!);

    [Fact]
    public async Task InvokeAsync_ThreeImagesTwoDevices_OneLeasePerImageSpreadOverBothAndTierSetsTheSteps()
    {
        await using var silo = await StartAsync(devices: 2);
        var tool = Tool(silo);
        var checkpoint = new PAI.Engine.Invocation.TransientCheckpoint();
        var input = Input("draft", "one", "two", "three");

        var output = (JsonObject)(await tool.InvokeAsync(Context(input, silo.DataDirectory, checkpoint), CancellationToken.None))!;

        Assert.Equal(20, output["steps"]!.GetValue<int>());
        var images = output["images"]!.AsArray();
        Assert.Equal(3, images.Count);
        foreach (var (image, i) in images.Select((x, i) => (x!, i)))
        {
            var png = await File.ReadAllBytesAsync(Path.Combine(silo.DataDirectory, "img", $"{i}.png"));
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
            Assert.Equal(png.Length, image["bytes"]!.GetValue<long>());
        }

        Assert.Equal(2, images.Select(i => i!["device"]!.GetValue<string>()).Distinct().Count());
        Assert.Empty(Directory.GetFiles(Path.Combine(silo.DataDirectory, "img"), ".*"));
        var epochs = await Epochs(silo);
        Assert.Equal(3, epochs);

        // Called again with the same checkpoint (a resumed step): no new lease, the images are reused.
        var again = (JsonObject)(await tool.InvokeAsync(Context(input, silo.DataDirectory, checkpoint), CancellationToken.None))!;
        Assert.All(again["images"]!.AsArray(), i => Assert.True(i!["reused"]!.GetValue<bool>()));
        Assert.Equal(epochs, await Epochs(silo));
    }

    [Fact]
    public async Task InvokeAsync_SamePromptAndSeed_WritesTheSameImage()
    {
        await using var silo = await StartAsync(devices: 1);
        var tool = Tool(silo);

        await tool.InvokeAsync(Context(Input("draft", "a fox"), silo.DataDirectory, new PAI.Engine.Invocation.TransientCheckpoint()), CancellationToken.None);
        var first = await File.ReadAllBytesAsync(Path.Combine(silo.DataDirectory, "img", "0.png"));
        await tool.InvokeAsync(Context(Input("draft", "a fox"), silo.DataDirectory, new PAI.Engine.Invocation.TransientCheckpoint()), CancellationToken.None);

        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(silo.DataDirectory, "img", "0.png")));
    }

    [Fact]
    public async Task InvokeAsync_NoCommandConfigured_FailsSayingSo()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<ToolException>(() => Tool(silo).InvokeAsync(Context(Input("draft", "x"), silo.DataDirectory, new PAI.Engine.Invocation.TransientCheckpoint()), CancellationToken.None));

        Assert.Equal("no image command is configured (Pai:Images:Command)", error.Message);
    }

    [Theory]
    [InlineData("""{"images":[]}""", "'images' must hold 1 to 16 images")]
    [InlineData("""{"images":[{"prompt":"x","output":"../out.png"}]}""", "leaves the goal's workspace")]
    [InlineData("""{"images":[{"prompt":"x","output":"a.png"}],"tier":"ultra"}""", "'tier' must be draft, standard or high")]
    [InlineData("""{"images":[{"prompt":"x","output":"a.png"}],"style":"oil"}""", "unknown property 'style'")]
    public void Validate_BadInput_NamesTheProblem(string input, string message)
    {
        var tool = new ImageGenerateTool(null!, Microsoft.Extensions.Options.Options.Create(new ImageOptions()), Microsoft.Extensions.Options.Options.Create(new GpuOptions()));

        Assert.Contains(tool.Validate(JsonNode.Parse(input)!.AsObject()), e => e.Contains(message, StringComparison.Ordinal));
    }

    private static Task<GpuSilo> StartAsync(int devices) =>
        GpuSilo.StartAsync(devices, TimeSpan.FromSeconds(3), configureSilo: (silo, _) => silo.Services.Configure<ImageOptions>(o =>
        {
            o.Command = "dotnet";
            o.Args = [StandIn, "--prompt", "{prompt}", "--output", "{output}", "--steps", "{steps}", "--width", "{width}", "--height", "{height}", "--seed", "{seed}", "--step-ms", "20"];
        }));

    private static async Task<long> Epochs(GpuSilo silo)
    {
        long total = 0;
        for (var i = 0; i < 2; i++)
        {
            try
            {
                total += (await silo.Grains.GetGrain<IGpuDeviceGrain>(GpuSilo.DeviceId(i)).GetViewAsync()).Epoch;
            }
            catch (InvalidOperationException)
            {
                // A silo with one device.
            }
        }

        return total;
    }

    private static JsonObject Input(string tier, params string[] prompts) => new()
    {
        ["images"] = new JsonArray(prompts.Select((p, i) => (JsonNode)new JsonObject { ["prompt"] = p, ["output"] = $"img/{i}.png" }).ToArray()),
        ["tier"] = tier,
        ["width"] = 64,
        ["height"] = 36,
    };

    private static ImageGenerateTool Tool(GpuSilo silo) => (ImageGenerateTool)silo.Services.GetServices<ITool>().Single(t => t.Descriptor.Name == ImageGenerateTool.Name);

    private static ToolContext Context(JsonObject input, string workspace, PAI.Engine.Invocation.TransientCheckpoint checkpoint) =>
        new("g1", "s1", 1, "g1/s1", input, workspace, "alice", checkpoint);
}
