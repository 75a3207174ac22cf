using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PAI.Gpu;
using PAI.Gpu.Discovery;
using PAI.Gpu.Hosting;
using PAI.Storage.Sqlite.Hosting;

namespace PAI.Gpu.Tests.Infrastructure;

/// <summary>An in-process silo with the SQLite store and logical GPUs; the data folder survives a restart.</summary>
public sealed class GpuSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly bool _ownsDirectory;

    private GpuSilo(IHost host, string dataDirectory, int gatewayPort, bool ownsDirectory)
    {
        _host = host;
        _ownsDirectory = ownsDirectory;
        DataDirectory = dataDirectory;
        GatewayPort = gatewayPort;
    }

    public string DataDirectory { get; }

    public int GatewayPort { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    public static string NewDataDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pai-gpu-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static async Task<GpuSilo> StartAsync(int devices, TimeSpan ttl, string? dataDirectory = null, Action<GpuOptions>? configure = null, Action<ISiloBuilder, string>? configureSilo = null)
    {
        var dir = dataDirectory ?? NewDataDirectory();
        var gatewayPort = FreePort();
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo
                    .UseLocalhostClustering(FreePort(), gatewayPort)
                    .AddSqliteStore(o => o.DataDirectory = dir)
                    .AddGpu(o =>
                    {
                        o.NodeName = "test-node";
                        o.Discover = false;
                        o.LeaseTtl = ttl;
                        o.Devices = Enumerable.Range(0, devices).Select(i => new GpuDeviceDeclaration { Name = $"logical-{i}", MemoryMiB = 1024 }).ToList();
                        o.AllowedCommands = ["sh"];
                        configure?.Invoke(o);
                    });
                configureSilo?.Invoke(silo, dir);
            })
            .Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<GpuRegistrar>().Registered.WaitAsync(TimeSpan.FromSeconds(30));
        return new GpuSilo(host, dir, gatewayPort, dataDirectory is null);
    }

    public static string DeviceId(int index) => $"test-node/{index}";

    public async Task StopAsync() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        catch (Exception)
        {
            // Already stopped.
        }

        _host.Dispose();
        if (!_ownsDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: temp folder.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
