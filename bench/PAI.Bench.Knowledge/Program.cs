using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PAI.Abstractions.Knowledge;
using PAI.Bench.Knowledge;
using PAI.Memory.Embeddings;
using PAI.Memory.Graph;
using PAI.Storage.Postgres;
using PAI.Storage.Postgres.Hosting;
using PAI.Storage.Sqlite.Hosting;
using PAI.Testing.Postgres;

// Knowledge graph benchmarks (docs/benchmarks.md, "Knowledge graph").
//   dotnet run -c Release --project bench/PAI.Bench.Knowledge -- ingest [--facts 50000] [--batch 5000] [--entities 5000] [--postgres]
//   dotnet run -c Release --project bench/PAI.Bench.Knowledge -- threshold [--model arctic-xs|minilm]
var command = args.Length > 0 ? args[0] : "ingest";
var facts = 50_000;
var batch = 5_000;
var entities = 5_000;
var postgres = false;
var model = "arctic-xs";
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--facts": facts = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--entities": entities = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--postgres": postgres = true; break;
        case "--model": model = args[++i]; break;
        default: throw new ArgumentException($"unknown argument '{args[i]}'");
    }
}

var embedder = new MemoryEmbedder(
    EmbeddingGeneratorFactory.Create(new MemoryEmbeddingOptions { LocalModel = model }),
    Options.Create(new MemoryEmbeddingOptions { LocalModel = model }));
Console.WriteLine($"cores {Environment.ProcessorCount}, embedding model {embedder.ModelId}");
if (command == "threshold")
{
    await ThresholdAsync(embedder);
    return 0;
}

await IngestAsync("sqlite", await OpenSqliteAsync(), embedder, facts, batch, entities);
if (postgres)
{
    await using var server = await LocalPostgres.StartAsync(new Dictionary<string, string>());
    var connectionString = await server.CreateDatabaseAsync("bench_" + Guid.NewGuid().ToString("N"));
    await PostgresSchema.ApplyAsync(connectionString);
    var services = new ServiceCollection().AddLogging().Configure<ClusterOptions>(o => o.ServiceId = "bench");
    Orleans.Serialization.ServiceCollectionExtensions.AddSerializer(services);
    services.AddPostgresStore(o => o.ConnectionString = connectionString);
    await IngestAsync("postgres", services.BuildServiceProvider().GetRequiredService<IKnowledgeStore>(), embedder, facts, batch, entities);
}

return 0;

static Task<IKnowledgeStore> OpenSqliteAsync()
{
    var services = new ServiceCollection();
    Orleans.Serialization.ServiceCollectionExtensions.AddSerializer(services);
    var folder = Path.Combine(Path.GetTempPath(), "pai-bench-knowledge-" + Guid.NewGuid().ToString("N"));
    services.AddSqliteStore(o => o.DataDirectory = folder);
    return Task.FromResult(services.BuildServiceProvider().GetRequiredService<IKnowledgeStore>());
}

static async Task IngestAsync(string name, IKnowledgeStore store, MemoryEmbedder embedder, int facts, int batch, int entities)
{
    var options = Options.Create(new GraphOptions { MaxFactsPerCall = Math.Max(batch, 10_000) });
    var resolver = new EntityResolver(store, embedder, options, NullLogger<EntityResolver>.Instance);
    var graph = new KnowledgeGraphService(store, resolver, options, TimeProvider.System);
    var random = new Random(7);
    var predicates = new[] { ("works_at", true), ("lives_in", true), ("knows", false), ("likes", false), ("uses", false) };
    FactInput Next(int i)
    {
        var (predicate, single) = predicates[random.Next(predicates.Length)];
        return new FactInput($"entity {random.Next(entities)}", predicate, $"entity {random.Next(entities)}", Single: single, ValidFrom: DateTimeOffset.UnixEpoch.AddMinutes(i));
    }

    // Warm-up: one small batch (JIT, schema, first entities), not timed.
    await graph.AssertAsync("warmup", [.. Enumerable.Range(0, 500).Select(Next)], "bench", "warm-up");
    var started = Stopwatch.GetTimestamp();
    var cpuStarted = Process.GetCurrentProcess().TotalProcessorTime;
    var conflicts = 0;
    for (var done = 0; done < facts; done += batch)
    {
        var result = await graph.AssertAsync("bench", [.. Enumerable.Range(done, Math.Min(batch, facts - done)).Select(Next)], "bench", $"batch {done}");
        conflicts += result.Conflicts.Count;
    }

    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStarted).TotalSeconds;
    Console.WriteLine($"{name}: {facts} facts in batches of {batch} over {entities} entity names: {seconds:F2} s, {facts / seconds:F0} facts/s ({conflicts} conflicts settled); entity names not embedded during ingest");

    // On a shared machine the wall-clock rate says more about the load than about PAI; the bench's own CPU time does
    // not (for PostgreSQL it leaves out the server's share).
    Console.WriteLine($"{name}: {cpu:F2} s of this process's CPU, {facts / cpu:F0} facts per CPU-second; load average {LoadAverage()}");

    var pending = (await store.ListUnembeddedAsync(100_000)).Count;
    started = Stopwatch.GetTimestamp();
    var merged = await resolver.ResolvePendingAsync();
    seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    Console.WriteLine($"{name}: resolver embedded {pending} entity names in {seconds:F2} s ({pending / seconds:F0} names/s), merged {merged}");
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static async Task ThresholdAsync(MemoryEmbedder embedder)
{
    async Task<double[]> ScoresAsync((string A, string B)[] pairs)
    {
        var a = await embedder.EmbedDocumentsAsync(pairs.Select(p => p.A).ToList());
        var b = await embedder.EmbedDocumentsAsync(pairs.Select(p => p.B).ToList());
        return [.. pairs.Select((_, i) => (double)TensorPrimitives.Dot(a[i], b[i]))];
    }

    // A pair the lexical guard refuses can never merge, whatever its similarity (scored -1 here).
    var same = (await ScoresAsync(NamePairs.Same)).Select((s, i) => EntityMatcher.NamesCompatible(NamePairs.Same[i].A, NamePairs.Same[i].B) ? s : -1).ToArray();
    var different = (await ScoresAsync(NamePairs.Different)).Select((s, i) => EntityMatcher.NamesCompatible(NamePairs.Different[i].A, NamePairs.Different[i].B) ? s : -1).ToArray();
    var rawDifferent = await ScoresAsync(NamePairs.Different);
    Console.WriteLine($"lexical guard passes {same.Count(s => s >= 0)}/{same.Length} same-entity pairs and {different.Count(s => s >= 0)}/{different.Length} different-entity pairs");
    Console.WriteLine($"embedding only: false merges at 0.92: {rawDifferent.Count(s => s >= 0.92)}/{rawDifferent.Length}");
    Console.WriteLine($"{NamePairs.Same.Length} same-entity pairs, {NamePairs.Different.Length} different-entity pairs");
    Console.WriteLine("threshold  merged-same (recall)  merged-different (false merges)");
    for (var t = 0.70; t <= 0.991; t += 0.02)
    {
        var recall = same.Count(s => s >= t);
        var wrong = different.Count(s => s >= t);
        Console.WriteLine($"{t,9:F2}  {recall,3}/{same.Length} ({(double)recall / same.Length:P0})      {wrong,3}/{different.Length}");
    }

    foreach (var (pair, score) in NamePairs.Same.Zip(same).Concat(NamePairs.Different.Zip(different)).OrderByDescending(p => p.Second))
    {
        Console.WriteLine($"  {score,6:F3}  {(NamePairs.Same.Contains(pair) ? "same" : "diff")}  {pair.A} / {pair.B}");
    }

    Console.WriteLine($"highest different-entity score {different.Max():F3} ({NamePairs.Different[Array.IndexOf(different, different.Max())]}); same-entity scores min {same.Min():F3} median {same.Order().ElementAt(same.Length / 2):F3}");
}
