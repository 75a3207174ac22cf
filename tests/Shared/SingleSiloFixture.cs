using Orleans.TestingHost;

namespace PAI.Testing;

/// <summary>
/// One in-process silo (Orleans' TestingHost) over a temporary data directory that is deleted afterwards. A test
/// project derives from it with the silo configurator that adds what it tests; the configurator reads the folder from
/// <c>siloBuilder.Configuration[DataDirectoryKey]</c>.
/// </summary>
/// <typeparam name="TConfigurator">Configures the silo.</typeparam>
public abstract class SingleSiloFixture<TConfigurator> : IAsyncLifetime
    where TConfigurator : ISiloConfigurator, new()
{
    /// <summary>The configuration key that carries the data directory to the silo.</summary>
    public const string DataDirectoryKey = "PaiTest:DataDirectory";

    /// <summary>Creates the fixture with a fresh folder named after <paramref name="prefix"/>.</summary>
    protected SingleSiloFixture(string prefix) =>
        DataDirectory = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");

    /// <summary>The silo's data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Cluster.GetSiloServiceProvider(Cluster.Primary!.SiloAddress);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var builder = new TestClusterBuilder(1);
        builder.Properties[DataDirectoryKey] = DataDirectory;
        builder.AddSiloBuilderConfigurator<TConfigurator>();
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
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalizing connection; the OS cleans temp folders eventually.
        }
    }
}
