using System.Globalization;
using System.Text;

namespace PAI.Bench.Memory;

/// <summary>
/// Measures the hybrid weights instead of assuming them: every combination of the given settings is run through the
/// real host (restarted with those settings on the already ingested data), and a 2-fold cross-validation over the
/// conversations (weights picked on the even ones, scored on the odd ones, and the other way round) shows what the
/// chosen weights are worth on conversations they were not tuned on.
/// </summary>
public sealed class FusionSweep(LocomoBench bench, LocomoData data)
{
    /// <summary>Runs the grid; returns a markdown report.</summary>
    public async Task<string> RunAsync(IReadOnlyList<(string Key, IReadOnlyList<string> Values)> grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var combinations = new List<Dictionary<string, string>> { new() };
        foreach (var (key, values) in grid)
        {
            combinations = [.. combinations.SelectMany(c => values.Select(v => new Dictionary<string, string>(c) { [key] = v }))];
        }

        var runs = new List<(Dictionary<string, string> Settings, ModeResult Result)>();
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", grid.Select(g => g.Key)) + " | R@10 1-4 | R@10 5 |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---:|", grid.Count + 2)));
        foreach (var settings in combinations)
        {
            var result = await bench.RerunHybridAsync(settings);
            runs.Add((settings, result));
            var line = "| " + string.Join(" | ", grid.Select(g => settings[g.Key])) + string.Create(CultureInfo.InvariantCulture, $" | {bench.Recall(result, 1, 4, true):F3} | {bench.Recall(result, 5, 5, true):F3} |");
            text.AppendLine(line);
            Console.WriteLine(line);
        }

        // 2-fold cross-validation over conversations: the objective is R@10 on categories 1-4 plus R@10 on category 5.
        var held = new double[2, 2];
        var picks = new List<string>();
        for (var fold = 0; fold < 2; fold++)
        {
            bool Train(int q) => data.Questions[q].Conversation % 2 != fold;
            bool Test(int q) => data.Questions[q].Conversation % 2 == fold;
            var best = runs.MaxBy(r => bench.Recall(r.Result, 1, 4, true, Train) + bench.Recall(r.Result, 5, 5, true, Train));
            picks.Add(string.Join(", ", best.Settings.Select(kv => $"{kv.Key}={kv.Value}")));
            held[fold, 0] = bench.Recall(best.Result, 1, 4, true, Test);
            held[fold, 1] = bench.Recall(best.Result, 5, 5, true, Test);
        }

        var test14 = data.Questions.Select((q, i) => (q, i)).Where(x => x.q.Category <= 4).GroupBy(x => x.q.Conversation % 2).ToDictionary(g => g.Key, g => g.Count());
        var test5 = data.Questions.Select((q, i) => (q, i)).Where(x => x.q.Category == 5).GroupBy(x => x.q.Conversation % 2).ToDictionary(g => g.Key, g => g.Count());
        double Weighted(int column, Dictionary<int, int> counts) => (held[0, column] * counts[0] + held[1, column] * counts[1]) / (counts[0] + counts[1]);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"2-fold cross-validation over conversations (picked on odd → scored on even: {picks[0]}; picked on even → scored on odd: {picks[1]}): R@10 1-4 {Weighted(0, test14):F3}, R@10 5 {Weighted(1, test5):F3}");
        return text.ToString();
    }
}
