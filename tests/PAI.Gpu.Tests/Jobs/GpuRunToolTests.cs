using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Gpu;
using PAI.Abstractions.Tools;
using PAI.Gpu.Jobs;
using PAI.Gpu.Tests.Infrastructure;

namespace PAI.Gpu.Tests.Jobs;

public sealed class GpuRunToolTests
{
    [Fact]
    public async Task InvokeAsync_AllowedCommand_RunsWithCudaVisibleDevicesAndReleases()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: TimeSpan.FromSeconds(3));
        var tool = Tool(silo);
        var input = new JsonObject { ["command"] = "sh", ["args"] = new JsonArray("-c", "echo cuda=$CUDA_VISIBLE_DEVICES"), ["tier"] = "draft" };

        var output = (JsonObject)(await tool.InvokeAsync(Context(input, silo.DataDirectory), CancellationToken.None))!;

        Assert.Equal(0, output["exitCode"]!.GetValue<int>());
        Assert.Contains("cuda=0", output["output"]!.GetValue<string>(), StringComparison.Ordinal);
        var view = await silo.Grains.GetGrain<IGpuDeviceGrain>(GpuSilo.DeviceId(0)).GetViewAsync();
        Assert.Null(view.Holder);
        Assert.Equal(1, view.Epoch);
    }

    [Fact]
    public async Task InvokeAsync_WorkspaceNotCreatedYet_CreatesItAndRunsThere()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: TimeSpan.FromSeconds(3));
        var workspace = Path.Combine(silo.DataDirectory, "workspaces", "g_first_step_is_a_gpu_job");
        var input = new JsonObject { ["command"] = "sh", ["args"] = new JsonArray("-c", "pwd"), ["tier"] = "draft" };

        var output = (JsonObject)(await Tool(silo).InvokeAsync(Context(input, workspace), CancellationToken.None))!;

        Assert.Equal(0, output["exitCode"]!.GetValue<int>());
        Assert.Contains(workspace, output["output"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_Cancelled_KillsForkedChildrenAndReleasesLease()
    {
        await using var silo = await GpuSilo.StartAsync(devices: 1, ttl: TimeSpan.FromSeconds(3));
        var tool = Tool(silo);
        var unique = Random.Shared.Next(100_000, 999_999);
        var input = new JsonObject { ["command"] = "sh", ["args"] = new JsonArray("-c", $"sleep 3000.{unique} & echo started; sleep 3001.{unique}") };
        using var cancel = new CancellationTokenSource();

        var run = tool.InvokeAsync(Context(input, silo.DataDirectory), cancel.Token);
        var device = silo.Grains.GetGrain<IGpuDeviceGrain>(GpuSilo.DeviceId(0));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await device.GetViewAsync()).Holder is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await Task.Delay(300);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Null((await device.GetViewAsync()).Holder);
        await Task.Delay(200);
        Assert.DoesNotContain(Directory.EnumerateDirectories("/proc"), d => ReadCmdline(d).Contains($".{unique}", StringComparison.Ordinal) && IsLive(d));
    }

    [Fact]
    public void Validate_CommandNotAllowListed_Refused()
    {
        var tool = new GpuRunTool(null!, Microsoft.Extensions.Options.Options.Create(new GpuOptions { AllowedCommands = ["python"] }));

        Assert.Contains(tool.Validate(new JsonObject { ["command"] = "rm" }), e => e.Contains("AllowedCommands", StringComparison.Ordinal));
        Assert.Empty(tool.Validate(new JsonObject { ["command"] = "python", ["tier"] = "high" }));
        Assert.NotEmpty(tool.Validate(new JsonObject { ["command"] = "python", ["tier"] = "ultra" }));
    }

    private static GpuRunTool Tool(GpuSilo silo) => (GpuRunTool)silo.Services.GetServices<ITool>().Single(t => t.Descriptor.Name == GpuRunTool.Name);

    private static ToolContext Context(JsonObject input, string workspace) =>
        new("g1", "s1", 1, "g1/s1", input, workspace, "alice", new MemoryCheckpoint());

    private static string ReadCmdline(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "cmdline"));
        }
        catch (Exception)
        {
            return string.Empty;
        }
    }

    private static bool IsLive(string procDir)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(procDir, "stat"));
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception)
        {
            return false;
        }
    }

    private sealed class MemoryCheckpoint : IStepCheckpoint
    {
        private readonly Dictionary<string, string> _values = [];

        public string? Get(string key) => _values.GetValueOrDefault(key);

        public Task SetAsync(string key, string value, CancellationToken cancellationToken)
        {
            _values[key] = value;
            return Task.CompletedTask;
        }
    }
}
