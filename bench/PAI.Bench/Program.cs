using PAI.Bench;
using PAI.Bench.Reporting;

// dotnet run -c Release --project bench/PAI.Bench [-- --repeat N --latency-samples N --no-normal --quick]
var options = BenchOptions.Parse(args);
if (options.ProfileWorkload is not null)
{
    await BenchRunner.ProfileAsync(options);
    return;
}

var report = await BenchRunner.RunAsync(options);
Console.WriteLine(ReportWriter.Table(report));
Console.WriteLine(ReportWriter.JsonLine(report));
