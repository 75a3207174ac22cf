// A lease holder in its own process, so tests can kill -9 or SIGSTOP it.
// Usage: PAI.Gpu.TestHolder <gatewayPort> <deviceId> <requestId> <requester>
// Prints "GRANTED <token>" once leased, heartbeats every TTL/3, prints "STALE <token>" and exits 3 when refused.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PAI.Abstractions.Gpu;

var gatewayPort = int.Parse(args[0], CultureInfo.InvariantCulture);
var deviceId = args[1];
var requestId = args[2];
var requester = args[3];

using var host = Host.CreateDefaultBuilder()
    .ConfigureLogging(l => l.ClearProviders())
    .UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort))
    .Build();
await host.StartAsync();
var device = host.Services.GetRequiredService<IClusterClient>().GetGrain<IGpuDeviceGrain>(deviceId);

var state = await device.EnqueueAsync(new GpuLeaseRequest(requestId, requester, GpuTier.Draft));
while (state.Status == GpuRequestStatus.Queued)
{
    state = await device.WaitForGrantAsync(requestId, TimeSpan.FromSeconds(10));
}

if (state.Lease is not { } lease)
{
    Console.WriteLine("UNKNOWN");
    return 2;
}

Console.WriteLine($"GRANTED {lease.FencingToken}");
while (true)
{
    await Task.Delay(lease.Ttl / 3);
    var beat = await device.HeartbeatAsync(requestId, lease.FencingToken);
    if (!beat.Accepted)
    {
        Console.WriteLine($"STALE {lease.FencingToken}");
        return 3;
    }
}
