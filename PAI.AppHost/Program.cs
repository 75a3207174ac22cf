using System.Reflection;
using System.Security.Cryptography;
using PAI.AppHost;
using PAI.Storage.Postgres;
using PAI.Testing.Postgres;

// The local multi-node launcher: PostgreSQL + N PAI silos, Aspire's environment conventions, Ctrl+C stops it all.
AppHostOptions options;
try
{
    options = AppHostOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

if (LocalPostgres.UnavailableReason() is { } missing)
{
    await Console.Error.WriteLineAsync(missing);
    return 1;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

var hostDll = Path.GetFullPath(typeof(AppHostOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PaiHostDll").Value!);
var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "pai-apphost-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(dataDirectory);
var apiKey = Environment.GetEnvironmentVariable("PAI_API_KEY") is { Length: > 0 } given
    ? given
    : "pai_dev_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

Console.WriteLine("postgres | starting a local PostgreSQL from the machine's installation...");
await using var postgres = await LocalPostgres.StartAsync();
var connectionString = await postgres.CreateDatabaseAsync("pai");
await PostgresSchema.ApplyAsync(connectionString);
Console.WriteLine($"postgres | ready on 127.0.0.1:{postgres.Port}, schema applied (data in {postgres.Directory})");

ConsoleColor[] colors = [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Blue, ConsoleColor.Red];
var silos = Enumerable.Range(1, options.Silos)
    .Select(i => new SiloResource($"silo{i}", options.HttpPort + i - 1, colors[(i - 1) % colors.Length]))
    .ToList();
try
{
    for (var i = 0; i < silos.Count; i++)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__pai"] = connectionString,
            ["Orleans__ClusterId"] = "pai-local",
            ["Orleans__ServiceId"] = "pai",
            ["Orleans__Endpoints__SiloPort"] = (options.SiloPort + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = (options.GatewayPort + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PAI_API_KEY"] = apiKey,
            ["OTEL_SERVICE_NAME"] = "pai",
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={silos[i].Name}",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        if (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } otlp)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }

        // Aspire's service-discovery convention: every silo knows the others' HTTP endpoints.
        foreach (var other in silos)
        {
            environment[$"services__{other.Name}__http__0"] = other.Url.ToString().TrimEnd('/');
        }

        silos[i].Start(hostDll, dataDirectory, environment);
    }

    var ready = await Task.WhenAll(silos.Select(s => s.WaitReadyAsync(TimeSpan.FromSeconds(120), stopping.Token)));
    if (ready.Any(r => !r))
    {
        await Console.Error.WriteLineAsync("apphost | a silo did not become ready; stopping");
        return 1;
    }

    Console.WriteLine();
    Console.WriteLine($"PAI local cluster is up: {silos.Count} silo(s), API key {apiKey}");
    Console.WriteLine($"  PostgreSQL   {connectionString}");
    foreach (var silo in silos)
    {
        var url = silo.Url.ToString().TrimEnd('/');
        Console.WriteLine($"  {silo.Name,-6}       API {url}/api   dashboard {url}/dashboard (admin key)   metrics {url}/metrics   ready {url}/readyz");
    }

    Console.WriteLine($"  data folder  {dataDirectory}");
    Console.WriteLine("Press Ctrl+C to stop everything.");
    Console.WriteLine();
    await Task.Delay(Timeout.Infinite, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    return 0;
}
finally
{
    Console.WriteLine("apphost | stopping silos and PostgreSQL...");
    foreach (var silo in silos)
    {
        await silo.DisposeAsync();
    }

    if (options.DataDirectory is null)
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: temp folder.
        }
    }
}
