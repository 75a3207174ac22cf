using PAI.Bench;
using PAI.Bench.Reporting;

// dotnet run -c Release --project bench/PAI.Bench [-- --repeat N --latency-samples N --no-normal --quick]
var report = await BenchRunner.RunAsync(BenchOptions.Parse(args));
Console.WriteLine(ReportWriter.Table(report));
Console.WriteLine(ReportWriter.JsonLine(report));
