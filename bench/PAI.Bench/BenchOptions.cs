using System.Globalization;

namespace PAI.Bench;

/// <summary>Command-line settings: <c>--repeat N</c>, <c>--latency-samples N</c>, <c>--no-normal</c>, <c>--quick</c>.</summary>
public sealed record BenchOptions(int Repeat, int LatencySamples, bool IncludeNormal)
{
    /// <summary>Parses the arguments; unknown ones are an error.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(Repeat: 5, LatencySamples: 300, IncludeNormal: true);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--repeat" => options with { Repeat = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--latency-samples" => options with { LatencySamples = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--no-normal" => options with { IncludeNormal = false },
                "--quick" => options with { Repeat = 1, LatencySamples = 50 },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'; known: --repeat N, --latency-samples N, --no-normal, --quick"),
            };
        }

        return options;
    }
}
