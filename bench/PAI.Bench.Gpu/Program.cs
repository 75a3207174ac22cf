// GPU lease benchmark on one in-process silo with the SQLite store and logical devices.
// Usage: dotnet run -c Release --project bench/PAI.Bench.Gpu -- [grants=2000] [devices=4]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PAI.Abstractions.Gpu;
using PAI.Gpu;
using PAI.Gpu.Discovery;
using PAI.Gpu.Hosting;
using PAI.Storage.Sqlite.Hosting;

var grantsWanted = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var deviceCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
var dir = Path.Combine(Path.GetTempPath(), "pai-bench-gpu", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);

using var host = Host.CreateDefaultBuilder()
    .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
    .UseOrleans(silo => silo
        .UseLocalhostClustering(FreePort(), FreePort())
        .AddSqliteStore(o => o.DataDirectory = dir)
        .AddGpu(o =>
        {
            o.NodeName = "bench";
            o.Discover = false;
            o.LeaseTtl = TimeSpan.FromSeconds(30);
            o.Devices = Enumerable.Range(0, deviceCount).Select(i => new GpuDeviceDeclaration { Name = $"logical-{i}" }).ToList();
        }))
    .Build();
await host.StartAsync();
await host.Services.GetRequiredService<GpuRegistrar>().Registered;
var grains = host.Services.GetRequiredService<IGrainFactory>();
var pool = grains.GetGrain<IGpuPoolGrain>(GpuDeviceKey.PoolKey);
var device = grains.GetGrain<IGpuDeviceGrain>("bench/0");
Console.WriteLine($"cores={Environment.ProcessorCount} devices={deviceCount} grants={grantsWanted} store=SQLite (durable write per grant/release)");

// 1. Grant latency on an idle device: enqueue (granted at once, epoch persisted) then release.
for (var i = 0; i < 50; i++)
{
    var w = await device.EnqueueAsync(new GpuLeaseRequest($"warm-{i}", "w", GpuTier.Draft));
    await device.ReleaseAsync(w.Lease!.RequestId, w.Lease.FencingToken);
}

var idle = new List<double>();
var idlePool = new List<double>();
for (var i = 0; i < grantsWanted / 2; i++)
{
    var sw = Stopwatch.StartNew();
    var s = await device.EnqueueAsync(new GpuLeaseRequest($"idle-{i}", "a", GpuTier.Draft));
    idle.Add(sw.Elapsed.TotalMilliseconds);
    await device.ReleaseAsync(s.Lease!.RequestId, s.Lease.FencingToken);

    sw.Restart();
    var p = await pool.RequestAsync(new GpuLeaseRequest($"idle-pool-{i}", "a", GpuTier.Draft));
    idlePool.Add(sw.Elapsed.TotalMilliseconds);
    await grains.GetGrain<IGpuDeviceGrain>(p.DeviceId).ReleaseAsync(p.Lease!.RequestId, p.Lease.FencingToken);
}

Report("grant latency, idle device (device.EnqueueAsync)", idle);
Report("grant latency, idle device via pool (pool.RequestAsync)", idlePool);

// 2. Release-to-next-grant gap: a waiter is long-polling; time from release call to the waiter's grant.
var gaps = new List<double>();
var holder = await device.EnqueueAsync(new GpuLeaseRequest("gap-0", "a", GpuTier.Draft));
for (var i = 1; i <= grantsWanted / 2; i++)
{
    var id = $"gap-{i}";
    await device.EnqueueAsync(new GpuLeaseRequest(id, i % 2 == 0 ? "a" : "b", GpuTier.Draft));
    var wait = device.WaitForGrantAsync(id, TimeSpan.FromSeconds(10));
    await Task.Delay(1);
    var sw = Stopwatch.StartNew();
    await device.ReleaseAsync(holder.Lease!.RequestId, holder.Lease.FencingToken);
    holder = await wait;
    gaps.Add(sw.Elapsed.TotalMilliseconds);
}

await device.ReleaseAsync(holder.Lease!.RequestId, holder.Lease.FencingToken);
Report("release-to-next-grant gap (release call start -> waiter sees grant)", gaps);

// 3. Grants per second on one silo: 16 requesters, each a loop of request (pool) -> wait -> release, on all devices.
var total = 0;
var throughput = Stopwatch.StartNew();
var loops = Enumerable.Range(0, 16).Select(r => Task.Run(async () =>
{
    var n = 0;
    while (Interlocked.Increment(ref total) <= grantsWanted)
    {
        var id = $"tp-{r}-{n++}";
        var s = await pool.RequestAsync(new GpuLeaseRequest(id, $"r{r}", GpuTier.Draft));
        var d = grains.GetGrain<IGpuDeviceGrain>(s.DeviceId);
        while (s.Status == GpuRequestStatus.Queued)
        {
            s = await d.WaitForGrantAsync(id, TimeSpan.FromSeconds(10));
        }

        await d.ReleaseAsync(id, s.Lease!.FencingToken);
    }
})).ToArray();
await Task.WhenAll(loops);
throughput.Stop();
Console.WriteLine($"throughput: {grantsWanted} grants (pool route + grant + release, 16 requesters, {deviceCount} devices) in {throughput.Elapsed.TotalSeconds:F2} s = {grantsWanted / throughput.Elapsed.TotalSeconds:F0} grants/s");

await host.StopAsync();
Directory.Delete(dir, recursive: true);

static void Report(string name, List<double> ms)
{
    ms.Sort();
    double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
    Console.WriteLine($"{name}: n={ms.Count} p50={P(0.50):F2} ms p99={P(0.99):F2} ms max={ms[^1]:F2} ms");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
