using System.ClientModel;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenAI;
using Orleans.TestingHost;
using PAI.Abstractions.Knowledge;
using PAI.Abstractions.Memory;
using PAI.Memory.Graph;
using PAI.Memory.Hosting;
using PAI.Memory.Memories;
using PAI.Memory.Notes;
using PAI.Memory.WriteBack;
using PAI.Storage.Postgres;
using PAI.Storage.Postgres.Knowledge;
using PAI.Storage.Postgres.Memory;
using PAI.Storage.Sqlite.Hosting;
using PAI.Testing.Models;
using PAI.Testing.Postgres;

namespace PAI.Memory.Tests.Knowledge;

/// <summary>
/// One silo with memories, the knowledge graph and notes (real in-process embedding model, notes folder in a
/// temporary directory, a short debounce, an extraction model: an OpenAI chat client against the scripted
/// OpenAI-compatible server, which finds nothing in texts no test scripts — tokens start <c>xtr-</c>), over SQLite or, with <see cref="UsePostgres"/>, with memories and the graph
/// in a PostgreSQL database of a throw-away server (grain state stays in SQLite: only the knowledge rows are under test).
/// </summary>
public abstract class KnowledgeSiloFixture : IAsyncLifetime
{
    private const string DataKey = "PaiTest:DataDirectory";
    private const string PostgresKey = "PaiTest:Postgres";
    private const string ModelKey = "PaiTest:Model";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "pai-knowledge-tests-" + Guid.NewGuid().ToString("N"));
    private LocalPostgres? _postgres;

    /// <summary>True: memories and graph in PostgreSQL.</summary>
    protected abstract bool UsePostgres { get; }

    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Cluster.GetSiloServiceProvider(Cluster.Primary!.SiloAddress);

    /// <summary>The extraction model's server.</summary>
    public ScriptedModelServer Model { get; private set; } = null!;

    /// <summary>The notes folder.</summary>
    public string NotesDirectory => Path.Combine(_dataDirectory, "notes");

    public KnowledgeGraphService Graph => Services.GetRequiredService<KnowledgeGraphService>();

    public IKnowledgeStore Store => Services.GetRequiredService<IKnowledgeStore>();

    public IMemoryStore MemoryStore => Services.GetRequiredService<IMemoryStore>();

    public MemoryService Memories => Services.GetRequiredService<MemoryService>();

    public NotesService Notes => Services.GetRequiredService<NotesService>();

    public EntityResolver Resolver => Services.GetRequiredService<EntityResolver>();

    public GoalRecall Recall => Services.GetRequiredService<GoalRecall>();

    public KnowledgeForgetting Forgetting => Services.GetRequiredService<KnowledgeForgetting>();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        var builder = new TestClusterBuilder(1);
        builder.Properties[DataKey] = _dataDirectory;
        Model = await ScriptedModelServer.StartAsync();
        Model.On(r => IsExtraction(r) && !r.AllUser.Contains("xtr-", StringComparison.Ordinal), _ => ScriptedReply.Json(new JsonObject { ["summary"] = "", ["facts"] = new JsonArray() }));
        builder.Properties[ModelKey] = Model.BaseUrl.ToString();
        if (UsePostgres)
        {
            _postgres = await LocalPostgres.StartAsync(new Dictionary<string, string> { ["fsync"] = "off", ["synchronous_commit"] = "off" });
            var connectionString = await _postgres.CreateDatabaseAsync("knowledge");
            await PostgresSchema.ApplyAsync(connectionString);
            builder.Properties[PostgresKey] = connectionString;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>True for a request of the knowledge extractor.</summary>
    public static bool IsExtraction(ScriptedRequest request) => request.System.Contains("personal knowledge graph", StringComparison.Ordinal);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Model.DisposeAsync();
        if (_postgres is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await _postgres.DisposeAsync();
        }

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
            var data = siloBuilder.Configuration[DataKey]!;
            if (siloBuilder.Configuration[PostgresKey] is { } connectionString)
            {
                // Registered before the SQLite store, whose registrations are TryAdd: these win.
                siloBuilder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
                siloBuilder.Services.AddSingleton<IMemoryStore>(sp => new PostgresMemoryStore(sp.GetRequiredService<NpgsqlDataSource>(), "pai-tests", TimeProvider.System));
                siloBuilder.Services.AddSingleton<IKnowledgeStore>(sp => new PostgresKnowledgeStore(sp.GetRequiredService<NpgsqlDataSource>(), "pai-tests"));
            }

            var model = new Uri(siloBuilder.Configuration[ModelKey]!);
            siloBuilder.Services.AddKeyedSingleton<IChatClient>(
                KnowledgeExtractor.ChatClientKey,
                (_, _) => new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = model }).GetChatClient("scripted").AsIChatClient());
            siloBuilder.AddSqliteStore(o => o.DataDirectory = data);
            siloBuilder.AddPaiKnowledge(notes: o =>
            {
                o.Directory = Path.Combine(data, "notes");
                o.Debounce = TimeSpan.FromMilliseconds(200);
            });
        }
    }
}

/// <summary>The knowledge silo over SQLite.</summary>
public sealed class SqliteKnowledgeSilo : KnowledgeSiloFixture
{
    protected override bool UsePostgres => false;
}

/// <summary>The knowledge silo with memories and graph in PostgreSQL.</summary>
public sealed class PostgresKnowledgeSilo : KnowledgeSiloFixture
{
    protected override bool UsePostgres => true;
}
