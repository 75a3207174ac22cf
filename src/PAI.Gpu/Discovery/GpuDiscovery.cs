using System.Globalization;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Gpu;

namespace PAI.Gpu.Discovery;

/// <summary>This node's devices: NVML, else nvidia-smi, plus the logical devices declared in configuration.</summary>
public sealed class GpuDiscovery(IOptions<GpuOptions> options)
{
    /// <summary>Probes and returns the node's devices (none when there is no GPU and none is declared).</summary>
    public async Task<IReadOnlyList<GpuDeviceInfo>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var devices = new List<GpuDeviceInfo>();
        if (o.Discover)
        {
            devices.AddRange(NvmlProbe.TryProbe(o.NodeName) ?? await NvidiaSmiProbe.TryProbeAsync(o.NodeName, cancellationToken) ?? []);
        }

        devices.AddRange(Declared(o));
        return devices.DistinctBy(d => d.DeviceId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The declared devices that belong to this node.</summary>
    public static IEnumerable<GpuDeviceInfo> Declared(GpuOptions options) =>
        options.Devices
            .Select((d, i) => (d, i))
            .Where(x => string.IsNullOrEmpty(x.d.Node) || string.Equals(x.d.Node, options.NodeName, StringComparison.Ordinal))
            .Select(x => new GpuDeviceInfo(
                options.NodeName,
                x.d.Index ?? x.i.ToString(CultureInfo.InvariantCulture),
                x.d.Uuid,
                x.d.Name,
                x.d.MemoryMiB,
                null,
                null,
                "config"));
}
