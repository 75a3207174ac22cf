using System.Globalization;

namespace PAI.Bench;

/// <summary>
/// Command-line settings: <c>--repeat N</c>, <c>--latency-samples N</c>, <c>--warmup-seconds N</c>, <c>--no-normal</c>, <c>--quick</c>, and
/// <c>--profile WORKLOAD</c> (run only that engine workload, <c>--repeat</c> times, for a profiler to watch).
/// </summary>
public sealed record BenchOptions(int Repeat, int LatencySamples, bool IncludeNormal, TimeSpan WarmUp, string? ProfileWorkload = null)
{
    /// <summary>Parses the arguments; unknown ones are an error.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(Repeat: 7, LatencySamples: 300, IncludeNormal: true, WarmUp: TimeSpan.FromSeconds(20));
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--repeat" => options with { Repeat = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--latency-samples" => options with { LatencySamples = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--warmup-seconds" => options with { WarmUp = TimeSpan.FromSeconds(int.Parse(args[++i], CultureInfo.InvariantCulture)) },
                "--no-normal" => options with { IncludeNormal = false },
                "--quick" => options with { Repeat = 1, LatencySamples = 50, WarmUp = TimeSpan.FromSeconds(3) },
                "--profile" => options with { ProfileWorkload = args[++i] },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'; known: --repeat N, --latency-samples N, --warmup-seconds N, --no-normal, --quick, --profile WORKLOAD"),
            };
        }

        return options;
    }
}
