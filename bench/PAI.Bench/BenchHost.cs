using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PAI.Abstractions.Tools;
using PAI.Engine.Hosting;
using PAI.Storage.Sqlite;
using PAI.Storage.Sqlite.Hosting;

namespace PAI.Bench;

/// <summary>
/// An in-process silo composed like PAI.Host's (localhost clustering, the SQLite store, the goal engine), on free
/// ports and a temporary data folder, plus the bench-only probe tool and baseline grains (found by Orleans' scan).
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchHost(IHost host, string dataDirectory, bool synchronousFull)
    {
        _host = host;
        DataDirectory = dataDirectory;
        SynchronousFull = synchronousFull;
    }

    /// <summary>The temporary data folder (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>Whether the store runs with <c>synchronous=FULL</c> (the default) or <c>NORMAL</c>.</summary>
    public bool SynchronousFull { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The silo's grain factory (in-process calls, as the HTTP API makes them).</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The store, for its commit and write counters.</summary>
    public SqliteStore Store => _host.Services.GetRequiredService<SqliteStore>();

    /// <summary>The probe tool's clock.</summary>
    public ProbeClock Probe => _host.Services.GetRequiredService<ProbeClock>();

    /// <summary>Starts a silo on a fresh temporary data folder.</summary>
    public static async Task<BenchHost> StartAsync(bool synchronousFull)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "pai-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);

        // The default agent may call the built-in safe tools; the bench's probe tool must be allowed explicitly.
        var agentsDirectory = Path.Combine(dataDirectory, "agents");
        Directory.CreateDirectory(agentsDirectory);
        await File.WriteAllTextAsync(Path.Combine(agentsDirectory, "default.yaml"), "name: default\ntools: [echo, " + ProbeTool.Name + "]\n");

        var builder = Host.CreateApplicationBuilder();
        // Per-goal Information lines are what PAI.Host logs too, but console output would time the terminal.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<ProbeClock>();
        builder.Services.AddSingleton<ITool, ProbeTool>();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "pai-bench", clusterId: "pai-bench");
            silo.AddSqliteStore(o =>
            {
                o.DataDirectory = dataDirectory;
                o.SynchronousFull = synchronousFull;
            });
            silo.AddGoalEngine(o =>
            {
                o.DataDirectory = dataDirectory;
                o.SkillsDirectory = Path.Combine(dataDirectory, "skills");
                o.AgentsDirectory = agentsDirectory;
            });
        });

        var host = builder.Build();
        await host.StartAsync();
        return new BenchHost(host, dataDirectory, synchronousFull);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
