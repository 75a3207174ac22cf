using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PAI.Bench.Memory;

/// <summary>Recall of one question in one run: the share of its evidence turns in the top 5 and top 10.</summary>
public readonly record struct QuestionRecall(int Question, double At5, double At10);

/// <summary>One mode's results over all questions.</summary>
public sealed record ModeResult(string Mode, IReadOnlyList<QuestionRecall> Recall, IReadOnlyList<double> TotalMs, IReadOnlyList<double> EmbedMs, IReadOnlyList<double> SearchMs);

/// <summary>
/// LoCoMo through PAI's own HTTP API on a real host: every turn remembered (one project per conversation, speaker and
/// dia_id in metadata, the session's date as occurredAt), then every question asked in keyword, vector and hybrid
/// mode inside its conversation's project; recall@5/@10 of the evidence turns per category, and latencies.
/// </summary>
public sealed class LocomoBench(LocomoData data, string hostDll, string model, IReadOnlyDictionary<string, string> settings, int batch, IReadOnlyDictionary<string, string>? hostEnvironment = null)
{
    private const int K = 10;

    /// <summary>Modes in report order.</summary>
    public static readonly string[] Modes = ["keyword", "vector", "hybrid"];

    /// <summary>The data folder the memories were stored in (reused by a sweep).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "pai-bench-memory", Guid.NewGuid().ToString("N"));

    /// <summary>Memories per second of the ingest, through HTTP with the local embedder.</summary>
    public double IngestRate { get; private set; }

    /// <summary>Starts a host on a fresh folder, remembers every turn and asks every question in each of <paramref name="modes"/>.</summary>
    public async Task<IReadOnlyList<ModeResult>> RunAsync(IReadOnlyList<string> modes)
    {
        Directory.CreateDirectory(DataDirectory);
        await using var host = await HostProcess.StartAsync(hostDll, DataDirectory, Environment(settings));
        var client = new MemoryApiClient(host.Client);
        await IngestAsync(client);
        return await AskAsync(client, modes);
    }

    /// <summary>Restarts the host on the ingested folder with other settings and asks every question in hybrid mode.</summary>
    public async Task<ModeResult> RerunHybridAsync(IReadOnlyDictionary<string, string> overrides)
    {
        var merged = new Dictionary<string, string>(settings);
        foreach (var (key, value) in overrides)
        {
            merged[key] = value;
        }

        await using var host = await HostProcess.StartAsync(hostDll, DataDirectory, Environment(merged));
        return (await AskAsync(new MemoryApiClient(host.Client), ["hybrid"]))[0];
    }

    /// <summary>The recall table and latencies of a run.</summary>
    public string Table(IReadOnlyList<ModeResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| mode | R@5 1-4 | R@10 1-4 | R@5 5 | R@10 5 | R@10 cat 1 | cat 2 | cat 3 | cat 4 | search p50 / p99 (ms, incl. query embedding, HTTP) | embedding p50 | server search p50 / p99 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Mode} | {Recall(r, 1, 4, false):F3} | {Recall(r, 1, 4, true):F3} | {Recall(r, 5, 5, false):F3} | {Recall(r, 5, 5, true):F3} | " +
                $"{Recall(r, 1, 1, true):F3} | {Recall(r, 2, 2, true):F3} | {Recall(r, 3, 3, true):F3} | {Recall(r, 4, 4, true):F3} | " +
                $"{Stats.Percentile(r.TotalMs, 50):F1} / {Stats.Percentile(r.TotalMs, 99):F1} | {Stats.Percentile(r.EmbedMs, 50):F1} | " +
                $"{Stats.Percentile(r.SearchMs, 50):F1} / {Stats.Percentile(r.SearchMs, 99):F1} |");
        }

        return text.ToString();
    }

    /// <summary>Mean recall@10 (or @5) over the questions of categories <paramref name="from"/>-<paramref name="to"/>.</summary>
    public double Recall(ModeResult result, int from, int to, bool at10, Func<int, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var selected = result.Recall.Where(q => data.Questions[q.Question].Category >= from && data.Questions[q.Question].Category <= to && (include?.Invoke(q.Question) ?? true)).ToList();
        return selected.Count == 0 ? double.NaN : selected.Average(q => at10 ? q.At10 : q.At5);
    }

    private Dictionary<string, string> Environment(IReadOnlyDictionary<string, string> memorySettings)
    {
        var environment = new Dictionary<string, string>(hostEnvironment ?? new Dictionary<string, string>());
        foreach (var (key, value) in memorySettings)
        {
            environment["Pai__Memory__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }

    private async Task IngestAsync(MemoryApiClient client)
    {
        var started = Stopwatch.GetTimestamp();
        var total = 0;
        foreach (var conversation in data.Conversations)
        {
            foreach (var chunk in conversation.Turns.Chunk(batch))
            {
                var items = new JsonArray();
                foreach (var turn in chunk)
                {
                    items.Add(new JsonObject
                    {
                        ["text"] = LocomoData.TextOf(turn),
                        ["metadata"] = new JsonObject { ["speaker"] = turn.Speaker, ["dia_id"] = turn.DiaId, ["session"] = turn.Session },
                        ["occurredAt"] = turn.At.ToString("O", CultureInfo.InvariantCulture),
                        ["scope"] = new JsonObject { ["project"] = conversation.SampleId },
                    });
                }

                total += (await client.RememberAsync(items)).Count;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        IngestRate = total / seconds;
        Console.WriteLine($"ingested {total} turns of {data.Conversations.Count} conversations in {seconds:F1} s ({IngestRate:F0} memories/s, model {model}, batches of {batch})");
    }

    private async Task<IReadOnlyList<ModeResult>> AskAsync(MemoryApiClient client, IReadOnlyList<string> modes)
    {
        var results = new List<ModeResult>();
        foreach (var mode in modes)
        {
            // One search per conversation first: activates each scope's grain and loads its cache, not measured.
            foreach (var conversation in data.Conversations)
            {
                await client.SearchAsync("warm up", mode, K, conversation.SampleId);
            }

            var recall = new List<QuestionRecall>(data.Questions.Count);
            var total = new List<double>();
            var embed = new List<double>();
            var search = new List<double>();
            for (var i = 0; i < data.Questions.Count; i++)
            {
                var question = data.Questions[i];
                var answer = await client.SearchAsync(question.Text, mode, K, data.Conversations[question.Conversation].SampleId);
                var found = answer.Items.Select(a => a.DiaId).ToList();
                recall.Add(new QuestionRecall(i, Share(question.Evidence, found.Take(5)), Share(question.Evidence, found.Take(10))));
                total.Add(answer.TotalMs);
                embed.Add(answer.EmbedMs);
                search.Add(answer.SearchMs);
            }

            results.Add(new ModeResult(mode, recall, total, embed, search));
        }

        return results;
    }

    private static double Share(IReadOnlySet<string> evidence, IEnumerable<string?> found) =>
        (double)found.Count(f => f is not null && evidence.Contains(f)) / evidence.Count;
}
