using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using PAI.Abstractions.Memory;
using PAI.Memory.Hosting;
using PAI.Memory.Memories;
using PAI.Storage.Sqlite.Hosting;

namespace PAI.Memory.Tests.Testing;

/// <summary>One silo with the SQLite store in a temporary folder and memories with the real in-process model.</summary>
public sealed class MemoryClusterFixture : IAsyncLifetime
{
    private const string DataDirectoryKey = "PaiTest:DataDirectory";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "pai-memory-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Cluster.GetSiloServiceProvider(Cluster.Primary!.SiloAddress);

    /// <summary>The memory service of the silo.</summary>
    public MemoryService Memories => Services.GetRequiredService<MemoryService>();

    /// <summary>The store under it.</summary>
    public IMemoryStore Store => Services.GetRequiredService<IMemoryStore>();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        var builder = new TestClusterBuilder(1);
        builder.Properties[DataDirectoryKey] = _dataDirectory;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finalizing connection; the OS cleans temp folders.
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddSqliteStore(o => o.DataDirectory = siloBuilder.Configuration[DataDirectoryKey]!);
            siloBuilder.AddPaiMemory();
        }
    }
}
