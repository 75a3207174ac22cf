using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Storage;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Bench.Cluster;
using PAI.Engine.Hosting;
using PAI.Storage.Postgres;
using PAI.Storage.Postgres.Hosting;
using PAI.Testing.Postgres;

// dotnet run -c Release --project bench/PAI.Bench.Cluster -- [--steps N] [--steps-per-goal K] [--writes N]
var steps = ArgValue("--steps", 2000);
var stepsPerGoal = ArgValue("--steps-per-goal", 20);
var rawWrites = ArgValue("--writes", 4000);
const int Concurrency = 8;

if (LocalPostgres.UnavailableReason() is { } missing)
{
    Console.Error.WriteLine(missing);
    return 1;
}

Console.WriteLine($"Starting a local PostgreSQL (fsync on, synchronous_commit on)...");
await using var postgres = await LocalPostgres.StartAsync();
var paiDb = await postgres.CreateDatabaseAsync("pai");
var hangfireDb = await postgres.CreateDatabaseAsync("hangfire");
await PostgresSchema.ApplyAsync(paiDb);
var dataDirectory = Path.Combine(Path.GetTempPath(), "pai-bench-cluster-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(dataDirectory);

// ---- PAI: 1 silo, Orleans ADO.NET providers on PostgreSQL, durable no-op (echo) steps.
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo =>
{
    silo.Configure<ClusterOptions>(o =>
    {
        o.ClusterId = "bench";
        o.ServiceId = "bench";
    });
    silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort());
    silo.AddPostgresStore(o => o.ConnectionString = paiDb);
    silo.AddGoalEngine(o =>
    {
        o.DataDirectory = dataDirectory;
        o.SkillsDirectory = Path.Combine(dataDirectory, "skills");
    });
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
var index = host.Services.GetRequiredService<IGoalIndex>();

// Warm-up (JIT, pools), not measured.
await RunPaiAsync(grains, index, goals: 4, stepsPerGoal: 5, prefix: "warm");

var goals = Math.Max(1, steps / stepsPerGoal);
var totalSteps = goals * stepsPerGoal;
var xidBefore = await WriteCounter.ReadAsync(paiDb);
var paiSeconds = await RunPaiAsync(grains, index, goals, stepsPerGoal, "run");
var xidAfter = await WriteCounter.ReadAsync(paiDb);
var paiStepsPerSecond = totalSteps / paiSeconds;
var writesPerStep = (xidAfter - xidBefore) / (double)totalSteps;
Console.WriteLine($"PAI: {goals} goals × {stepsPerGoal} echo steps = {totalSteps} steps in {paiSeconds:F2} s; {xidAfter - xidBefore} write transactions");

// ---- Raw Orleans ADO.NET grain-state writes, concurrency 8 (the ceiling for one durable write per transition).
var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains);
var rawClock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async worker =>
{
    var payload = new BenchState { Payload = new string('x', 200) };
    var state = new GrainState<BenchState>(payload);
    var grainId = GrainId.Create("bench", $"w{worker}");
    for (var i = 0; i < rawWrites / Concurrency; i++)
    {
        payload.Counter = i;
        await storage.WriteStateAsync("bench", grainId, state);
    }
}));
var rawWritesPerSecond = rawWrites / rawClock.Elapsed.TotalSeconds;
Console.WriteLine($"Orleans ADO.NET: {rawWrites} grain-state writes at concurrency {Concurrency} in {rawClock.Elapsed.TotalSeconds:F2} s");
await host.StopAsync();

// ---- Hangfire.PostgreSql: the same number of no-op jobs, 8 workers.
var hangfireOptions = new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(50), PrepareSchemaIfNecessary = true };
var hangfireStorage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(hangfireDb, hangfireOptions), hangfireOptions);
var client = new BackgroundJobClient(hangfireStorage);
var monitor = hangfireStorage.GetMonitoringApi();
double hangfireSeconds;
using (var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = Concurrency, SchedulePollingInterval = TimeSpan.FromSeconds(1) }, hangfireStorage))
{
    for (var i = 0; i < 50; i++)
    {
        client.Enqueue(() => NoopJob.Run());
    }

    await WaitAsync2(() => monitor.SucceededListCount() >= 50);
    var hangfireXidBefore = await WriteCounter.ReadAsync(hangfireDb);
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, totalSteps), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, (_, _) =>
    {
        client.Enqueue(() => NoopJob.Run());
        return ValueTask.CompletedTask;
    });
    await WaitAsync2(() => monitor.SucceededListCount() >= 50 + totalSteps);
    hangfireSeconds = clock.Elapsed.TotalSeconds;
    var hangfireXidAfter = await WriteCounter.ReadAsync(hangfireDb);
    Console.WriteLine($"Hangfire.PostgreSql: {totalSteps} no-op jobs, {Concurrency} workers, in {hangfireSeconds:F2} s; {(hangfireXidAfter - hangfireXidBefore) / (double)totalSteps:F2} write transactions per job");
}

var hangfireJobsPerSecond = totalSteps / hangfireSeconds;

Console.WriteLine();
Console.WriteLine("| measure | value |");
Console.WriteLine("|---|---|");
Console.WriteLine(Invariant($"| PAI durable no-op steps/s (1 silo, PostgreSQL) | {paiStepsPerSecond:F0} |"));
Console.WriteLine(Invariant($"| Hangfire.PostgreSql no-op jobs/s (8 workers) | {hangfireJobsPerSecond:F0} |"));
Console.WriteLine(Invariant($"| PAI ÷ Hangfire | {paiStepsPerSecond / hangfireJobsPerSecond:F2}× |"));
Console.WriteLine(Invariant($"| Orleans ADO.NET grain-state writes/s (concurrency 8) | {rawWritesPerSecond:F0} |"));
Console.WriteLine(Invariant($"| PostgreSQL write transactions per PAI step | {writesPerStep:F2} |"));
Console.WriteLine(JsonSerializer.Serialize(new
{
    bench = "cluster",
    steps = totalSteps,
    stepsPerGoal,
    paiStepsPerSecond = Math.Round(paiStepsPerSecond, 1),
    hangfireJobsPerSecond = Math.Round(hangfireJobsPerSecond, 1),
    ratio = Math.Round(paiStepsPerSecond / hangfireJobsPerSecond, 2),
    rawGrainWritesPerSecond = Math.Round(rawWritesPerSecond, 1),
    writeTransactionsPerStep = Math.Round(writesPerStep, 3),
    cores = Environment.ProcessorCount,
}));

try
{
    Directory.Delete(dataDirectory, recursive: true);
}
catch (IOException)
{
    // Best effort: temp folder.
}

return 0;

static async Task<double> RunPaiAsync(IGrainFactory grains, IGoalIndex index, int goals, int stepsPerGoal, string prefix)
{
    var clock = Stopwatch.StartNew();
    var ids = Enumerable.Range(0, goals).Select(g => $"{prefix}-{g}-{Guid.NewGuid():N}").ToList();
    await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
    {
        var plan = new PlanSpec(Enumerable.Range(0, stepsPerGoal)
            .Select(s => new StepSpec($"s{s}", "echo", null, $$"""{"n":{{s}}}""", []))
            .ToList());
        var result = await grains.GetGrain<IGoalGrain>(id).SubmitAsync(
            new SubmitGoalCommand("bench", new GoalSubmission("bench", null, null, null, plan, null), id));
        if (result.Outcome != SubmitOutcome.Accepted)
        {
            throw new InvalidOperationException($"goal {id} refused: {result.Outcome}");
        }
    });

    await WaitAsync(async () => (await index.ListUnfinishedAsync()).Any(u => u.StartsWith(prefix + "-", StringComparison.Ordinal)) is false);
    return clock.Elapsed.TotalSeconds;
}

static async Task WaitAsync(Func<Task<bool>> done)
{
    var deadline = DateTime.UtcNow.AddMinutes(5);
    while (!await done())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException("benchmark phase did not finish within 5 minutes");
        }

        await Task.Delay(20);
    }
}

static Task WaitAsync2(Func<bool> done) => WaitAsync(() => Task.FromResult(done()));

int ArgValue(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Invariant(FormattableString text) => FormattableString.Invariant(text);

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
