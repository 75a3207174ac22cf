using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using PAI.Abstractions.Memory;
using PAI.Memory.Hosting;
using PAI.Memory.Memories;
using PAI.Storage.Sqlite.Hosting;
using PAI.Testing;

namespace PAI.Memory.Tests.Testing;

/// <summary>One silo with the SQLite store in a temporary folder and memories with the real in-process model.</summary>
public sealed class MemoryClusterFixture() : SingleSiloFixture<MemoryClusterFixture.SiloConfigurator>("pai-memory-tests")
{
    /// <summary>The memory service of the silo.</summary>
    public MemoryService Memories => Services.GetRequiredService<MemoryService>();

    /// <summary>The store under it.</summary>
    public IMemoryStore Store => Services.GetRequiredService<IMemoryStore>();

    /// <summary>The SQLite store and PAI's memory.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        /// <inheritdoc />
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddSqliteStore(o => o.DataDirectory = siloBuilder.Configuration[DataDirectoryKey]!);
            siloBuilder.AddPaiMemory();
        }
    }
}
