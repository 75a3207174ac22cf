using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Abstractions.Tools;
using PAI.Engine.Hosting;
using PAI.Engine.Tools;
using PAI.Engine.Tests.Persistence;
using PAI.Storage.Sqlite;
using PAI.Storage.Sqlite.Hosting;
using PAI.Testing;

namespace PAI.Engine.Tests.Testing;

/// <summary>
/// One silo with the SQLite store in a temporary folder, the goal engine, the test tools, and the fault-injecting
/// storage decorator in front of the store (inactive until a test arms it for one goal).
/// </summary>
public sealed class EngineClusterFixture() : SingleSiloFixture<EngineClusterFixture.SiloConfigurator>("pai-engine-tests")
{
    /// <summary>Steps of one goal that may run at once in this cluster.</summary>
    public const int MaxParallelSteps = 4;

    /// <summary>The grain factory of the test client.</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>What the test tools saw.</summary>
    public ToolProbe Probe => Services.GetRequiredService<ToolProbe>();

    /// <summary>What the goal-finished handler saw.</summary>
    public FinishedProbe Finished => Services.GetRequiredService<FinishedProbe>();

    /// <summary>The goal index.</summary>
    public IGoalIndex Index => Services.GetRequiredService<IGoalIndex>();

    /// <summary>Largest goal state in this cluster (small, so that tests can reach it).</summary>
    public const long MaxGoalStateBytes = 2 * 1024 * 1024;

    /// <summary>The fault-injecting decorator in front of the store.</summary>
    public FaultyGrainStorage Faults => Services.GetRequiredService<FaultyGrainStorage>();

    /// <summary>The undecorated SQLite grain storage.</summary>
    public SqliteGrainStorage Store => Services.GetRequiredService<SqliteGrainStorage>();

    /// <summary>The goal engine, the test tools, and the fault-injecting storage in front of SQLite.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        /// <inheritdoc />
        public void Configure(ISiloBuilder siloBuilder)
        {
            var dataDirectory = siloBuilder.Configuration[DataDirectoryKey]!;

            // The built-in default agent may call only the built-in safe tools; these tests' agent may call the test tools too.
            var agents = Path.Combine(dataDirectory, "agents");
            Directory.CreateDirectory(agents);
            File.WriteAllText(Path.Combine(agents, "default.yaml"), "name: default\ntools: [\"*\"]\n");
            siloBuilder.AddSqliteStore(o => o.DataDirectory = dataDirectory);
            siloBuilder.AddGoalEngine(o =>
            {
                o.DataDirectory = dataDirectory;
                o.AgentsDirectory = agents;
                o.MaxParallelStepsPerGoal = MaxParallelSteps;
                o.StepWatchdogInterval = TimeSpan.FromSeconds(1);
                o.RetryJitter = false;
                o.MaxGoalStateBytes = MaxGoalStateBytes;
            });

            var services = siloBuilder.Services;
            services.AddSingleton<ToolProbe>();
            services.AddSingleton<FinishedProbe>();
            services.AddSingleton<IGoalFinishedHandler>(sp => sp.GetRequiredService<FinishedProbe>());
            services.AddSingleton<ITool, FlakyTool>();
            services.AddSingleton<ITool, FailTool>();
            services.AddSingleton<ITool, BlockTool>();
            services.AddSingleton<ITool, EffectTool>();
            services.AddSingleton<ITool, ConcurrencyTool>();
            services.AddSingleton<ITool, BugTool>();
            services.Configure<ToolsOptions>(o => o.AllowedExecutables.Add("pwd"));
            services.AddSingleton(sp => new FaultyGrainStorage(sp.GetRequiredService<SqliteGrainStorage>()));
            services.AddKeyedSingleton<IGrainStorage>(StorageNames.Grains, (sp, _) => sp.GetRequiredService<FaultyGrainStorage>());
        }
    }
}
