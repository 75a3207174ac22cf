using System.Globalization;
using System.Numerics.Tensors;
using PAI.Abstractions.Memory;
using PAI.Memory.Embeddings;
using PAI.Memory.Memories;
using PAI.Storage.Sqlite;
using PAI.Storage.Sqlite.Memory;

namespace PAI.Bench.Memory;

/// <summary>
/// Search latency at scale: a data folder is filled straight through the SQLite memory store with N memories of one
/// principal (texts cycled from LoCoMo turns, random 384-d unit vectors recorded as the default model's, so the host
/// uses them as they are), then the real host answers LoCoMo questions over HTTP; the server's own Server-Timing
/// "search" figure is the search without the query's embedding.
/// </summary>
public static class ScaleBench
{
    /// <summary>Runs the sizes; returns a markdown table.</summary>
    public static async Task<string> RunAsync(LocomoData data, string hostDll, IReadOnlyList<int> sizes, int queries)
    {
        var lines = new List<string>
        {
            "| memories | mode | first search (cache load), ms | search p50 / p99 (ms, excl. embedding) | with embedding and HTTP p50 / p99 |",
            "|---:|---|---:|---:|---:|",
        };
        foreach (var size in sizes)
        {
            var dir = Path.Combine(Path.GetTempPath(), "pai-bench-memory", "scale-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            await FillAsync(data, dir, size);
            await using var host = await HostProcess.StartAsync(hostDll, dir, new Dictionary<string, string>());
            var client = new MemoryApiClient(host.Client);
            foreach (var mode in new[] { "vector", "hybrid", "keyword" })
            {
                var first = await client.SearchAsync("warm up the cache", mode, 10, null);
                var search = new List<double>();
                var total = new List<double>();
                for (var i = 0; i < queries; i++)
                {
                    var answer = await client.SearchAsync(data.Questions[i % data.Questions.Count].Text, mode, 10, null);
                    search.Add(answer.SearchMs);
                    total.Add(answer.TotalMs);
                }

                var line = string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {mode} | {first.SearchMs:F0} | {Stats.Percentile(search, 50):F1} / {Stats.Percentile(search, 99):F1} | {Stats.Percentile(total, 50):F1} / {Stats.Percentile(total, 99):F1} |");
                Console.WriteLine(line);
                lines.Add(line);
            }

            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Temp folder; the OS cleans it.
            }
        }

        return string.Join(System.Environment.NewLine, lines);
    }

    private static async Task FillAsync(LocomoData data, string dir, int size)
    {
        var turns = data.Conversations.SelectMany(c => c.Turns).ToArray();
        var model = $"{LocalEmbeddingModels.ArcticXs}+{MemoryDocument.Version}";
        var random = new Random(size);
        var recorded = DateTimeOffset.UtcNow;
        await using var sqlite = new SqliteStore(new SqliteStoreOptions { DataDirectory = dir, SynchronousFull = false });
        var store = new SqliteMemoryStore(sqlite, TimeProvider.System);
        for (var start = 0; start < size; start += 1000)
        {
            var batch = new List<NewMemory>(1000);
            for (var i = start; i < Math.Min(size, start + 1000); i++)
            {
                var turn = turns[i % turns.Length];
                var vector = new float[LocalEmbeddingModels.Dimensions];
                for (var d = 0; d < vector.Length; d++)
                {
                    vector[d] = (float)(random.NextDouble() * 2 - 1);
                }

                TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
                var text = LocomoData.TextOf(turn);
                var record = new MemoryRecord($"m_scale_{i:D7}", new MemoryScope("admin"), text, null, turn.At, recorded, model, vector.Length);
                batch.Add(new NewMemory(record, vector, MemoryDocument.Of(text, turn.At)));
            }

            await store.AddAsync(batch);
        }

        Console.WriteLine($"filled {size:N0} memories");
    }
}
