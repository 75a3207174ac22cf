using System.Globalization;
using PAI.Bench.Memory;

// Memory benchmarks through PAI's HTTP API on a real host (docs/benchmarks.md, "Memory").
//   dotnet run -c Release --project bench/PAI.Bench.Memory -- locomo [--data PATH] [--model arctic-xs|minilm] [--set Key=Value]... [--postgres]
//   dotnet run -c Release --project bench/PAI.Bench.Memory -- sweep  [--data PATH] --grid "KeywordWeight=0.3,0.4;ContextWeight=0,0.6"
//   dotnet run -c Release --project bench/PAI.Bench.Memory -- scale  [--data PATH] [--sizes 10000,100000] [--queries 300]
//   dotnet run -c Release --project bench/PAI.Bench.Memory -- scan   [--sizes 10000,100000] [--queries 300]   (the vector scan alone, in process)
// The data is never copied into the repository: it is read from ../shared/eval/locomo (or --data).
var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "locomo";
var dataPath = Path.GetFullPath(Path.Combine("..", "shared", "eval", "locomo", "locomo10.json"));
var hostDll = HostProcess.DefaultDll;
var model = "arctic-xs";
var settings = new Dictionary<string, string>();
var grid = new List<(string Key, IReadOnlyList<string> Values)>();
var sizes = new List<int> { 10_000, 100_000 };
var queries = 300;
var batch = 100;
var postgres = false;
for (var i = command == args.FirstOrDefault() ? 1 : 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data": dataPath = Path.GetFullPath(args[++i]); break;
        case "--host-dll": hostDll = args[++i]; break;
        case "--model": model = args[++i]; break;
        case "--postgres": postgres = true; break;
        case "--batch": batch = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--queries": queries = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--sizes": sizes = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
        case "--set":
            var pair = args[++i].Split('=', 2);
            settings[pair[0]] = pair[1];
            break;
        case "--grid":
            foreach (var axis in args[++i].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = axis.Split('=', 2);
                grid.Add((parts[0], parts[1].Split(',')));
            }

            break;
        default: throw new ArgumentException($"unknown argument '{args[i]}'");
    }
}

if (command == "scan")
{
    Console.WriteLine($"vector scan in process; cores {Environment.ProcessorCount}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine(ScanBench.Run(sizes, queries));
    return 0;
}

if (!File.Exists(dataPath))
{
    Console.Error.WriteLine($"LoCoMo not found at {dataPath}; pass --data PATH (see shared/eval/locomo/SOURCE.md)");
    return 2;
}

if (!File.Exists(hostDll))
{
    Console.Error.WriteLine($"PAI.Host not built at {hostDll}; build it first (dotnet build -c Release src/PAI.Host) or pass --host-dll");
    return 2;
}

var data = LocomoData.Load(dataPath);
settings["Embeddings:LocalModel"] = model;
Console.WriteLine($"LoCoMo: {data.Conversations.Count} conversations, {data.Conversations.Sum(c => c.Turns.Count)} turns, {data.Questions.Count} questions with evidence ({data.SkippedQuestions} skipped); cores {Environment.ProcessorCount}");
// --postgres: the host in cluster mode on a throw-away local PostgreSQL (full-text search by tsvector and ts_rank).
await using var server = postgres ? await PAI.Testing.Postgres.LocalPostgres.StartAsync() : null;
var hostEnvironment = new Dictionary<string, string>();
if (server is not null)
{
    hostEnvironment["ConnectionStrings__pai"] = await server.CreateDatabaseAsync("pai_bench_memory");
    hostEnvironment["Orleans__ClusterId"] = "pai-bench";
    hostEnvironment["Orleans__ServiceId"] = "pai-bench";
    hostEnvironment["Orleans__Endpoints__SiloPort"] = HostProcess.FreePort().ToString(CultureInfo.InvariantCulture);
    hostEnvironment["Orleans__Endpoints__GatewayPort"] = HostProcess.FreePort().ToString(CultureInfo.InvariantCulture);
    Console.WriteLine("store: PostgreSQL (cluster mode, one silo)");
}

switch (command)
{
    case "locomo":
    {
        var bench = new LocomoBench(data, hostDll, model, settings, batch, hostEnvironment);
        var results = await bench.RunAsync(LocomoBench.Modes);
        Console.WriteLine();
        Console.WriteLine(bench.Table(results));
        break;
    }

    case "sweep":
    {
        var bench = new LocomoBench(data, hostDll, model, settings, batch, hostEnvironment);
        await bench.RunAsync(["hybrid"]);
        Console.WriteLine(await new FusionSweep(bench, data).RunAsync(grid));
        break;
    }

    case "scale":
        Console.WriteLine(await ScaleBench.RunAsync(data, hostDll, sizes, queries));
        break;

    default:
        Console.Error.WriteLine($"unknown command '{command}' (locomo, sweep, scale, scan)");
        return 2;
}

return 0;
