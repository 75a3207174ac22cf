using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PAI.Abstractions.Tools;
using PAI.Engine.Hosting;
using PAI.Gpu;
using PAI.Gpu.Discovery;
using PAI.Gpu.Hosting;
using PAI.Models.Gateway;
using PAI.Models.Hosting;
using PAI.Storage.Sqlite.Hosting;
using PAI.Testing.Models;

namespace PAI.Models.Tests.Testing;

/// <summary>
/// One silo with the SQLite store, the goal engine, two logical GPUs and model access pointed at two scripted servers:
/// endpoint <c>main</c> (server A, model <c>scripted</c>, every role) and the pool <c>gpu-a</c>/<c>gpu-b</c> (servers A
/// and B, model <c>pooled</c>, one per logical GPU). Agents: <c>default</c> (every tool) and <c>reader</c> (file.read).
/// </summary>
public sealed class ModelSilo : IAsyncLifetime
{
    private IHost _host = null!;

    /// <summary>Scripted server A.</summary>
    public ScriptedModelServer A { get; private set; } = null!;

    /// <summary>Scripted server B.</summary>
    public ScriptedModelServer B { get; private set; } = null!;

    /// <summary>The data folder.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "pai-models-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The grain factory.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The approval-needing test tool.</summary>
    public ApprovalTool Launch => _host.Services.GetServices<ITool>().OfType<ApprovalTool>().Single();

    /// <summary>A goal's workspace.</summary>
    public string WorkspaceOf(string goalId) => Path.Combine(DataDirectory, "workspaces", goalId);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        A = await ScriptedModelServer.StartAsync();
        B = await ScriptedModelServer.StartAsync();
        var agents = Path.Combine(DataDirectory, "agents");
        Directory.CreateDirectory(agents);
        await File.WriteAllTextAsync(Path.Combine(agents, "default.yaml"), "name: default\ntools: [\"*\"]\n");
        await File.WriteAllTextAsync(Path.Combine(agents, "reader.yaml"), "name: reader\ntools: [file.read]\n");
        await File.WriteAllTextAsync(Path.Combine(agents, "solo.yaml"), "name: solo\ntools: [echo]\nconcurrency: 1\n");
        var a = A.BaseUrl.ToString();
        var b = B.BaseUrl.ToString();
        _host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreePort(), FreePort())
                    .AddSqliteStore(o => o.DataDirectory = DataDirectory)
                    .AddGoalEngine(o =>
                    {
                        o.DataDirectory = DataDirectory;
                        o.AgentsDirectory = agents;
                        o.StepWatchdogInterval = TimeSpan.FromSeconds(1);
                        o.RetryJitter = false;
                    })
                    .AddGpu(o =>
                    {
                        o.NodeName = "test-node";
                        o.Discover = false;
                        o.LeaseTtl = TimeSpan.FromSeconds(5);
                        o.Devices = [new GpuDeviceDeclaration { Name = "logical-0" }, new GpuDeviceDeclaration { Name = "logical-1" }];
                    })
                    .AddModels(o =>
                    {
                        o.Endpoints["main"] = new ModelEndpointOptions { BaseUrl = a, Model = "scripted", MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromSeconds(20) };
                        o.Endpoints["gpu-a"] = new ModelEndpointOptions { BaseUrl = a, Model = "pooled", Gpu = "test-node/0", MaxConcurrentRequests = 1 };
                        o.Endpoints["gpu-b"] = new ModelEndpointOptions { BaseUrl = b, Model = "pooled", Gpu = "test-node/1", MaxConcurrentRequests = 1 };
                        o.Roles = new ModelRoleOptions { Planner = "main", Agent = "main", Judge = "main" };
                    });
                silo.Services.AddSingleton<ITool, ApprovalTool>();
            })
            .Build();
        await _host.StartAsync();
        await _host.Services.GetRequiredService<GpuRegistrar>().Registered.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            _host.Dispose();
            await A.DisposeAsync();
            await B.DisposeAsync();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Temp folder.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
