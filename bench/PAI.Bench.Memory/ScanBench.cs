using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using PAI.Abstractions.Memory;
using PAI.Memory.Memories.Index;

namespace PAI.Bench.Memory;

/// <summary>
/// The exact vector scan alone, in this process: a <see cref="VectorIndex"/> of N random 384-d unit vectors (int8, as
/// the memory grain keeps them) and the top 20 of each query, one query at a time on one thread. Reports wall p50/p99
/// and the process's CPU time per query: on a shared machine the wall figures include time spent descheduled, the CPU
/// figure does not (it is what a query costs, and what an idle core would take).
/// </summary>
public static class ScanBench
{
    /// <summary>Runs the scan at each size and returns a markdown table.</summary>
    public static string Run(IReadOnlyList<int> sizes, int queries)
    {
        const int dimensions = 384;
        var lines = new List<string>
        {
            "| memories | top-k scan wall p50 / p99 (ms) | CPU per query (ms) | vector bytes held |",
            "|---:|---:|---:|---:|",
        };
        var scope = new MemoryScope("admin");
        foreach (var size in sizes)
        {
            var random = new Random(size);
            var index = new VectorIndex("bench", dimensions, size);
            var vector = new float[dimensions];
            for (var i = 0; i < size; i++)
            {
                UnitVector(random, vector);
                index.Upsert("m" + i.ToString(CultureInfo.InvariantCulture), vector, DateTimeOffset.UnixEpoch.AddMinutes(i), i, scope, null);
            }

            var queryVectors = Enumerable.Range(0, queries).Select(_ =>
            {
                var q = new float[dimensions];
                UnitVector(random, q);
                return new QuantizedQuery(q);
            }).ToArray();

            // Warm-up: JIT and caches.
            for (var i = 0; i < Math.Min(20, queries); i++)
            {
                index.Top(queryVectors[i], RowFilter.All, 20);
            }

            var wall = new List<double>(queries);
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            foreach (var query in queryVectors)
            {
                var started = Stopwatch.GetTimestamp();
                index.Top(query, RowFilter.All, 20);
                wall.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            process.Refresh();
            var cpuPerQuery = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / queries;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {Stats.Percentile(wall, 50):F2} / {Stats.Percentile(wall, 99):F2} | {cpuPerQuery:F2} | {index.VectorBytes / (1024.0 * 1024.0):F1} MiB |");
            Console.WriteLine(line);
            lines.Add(line);
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static void UnitVector(Random random, float[] vector)
    {
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] = (float)(random.NextDouble() * 2 - 1);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
    }
}
