using System.Globalization;
using System.Text;
using PAI.Abstractions.Gpu;

namespace PAI.Gpu.Discovery;

/// <summary>Lists devices through NVML; null when the library is absent or fails to initialise.</summary>
internal static class NvmlProbe
{
    private const int NameLength = 96;

    /// <summary>The node's devices, or null when NVML cannot be used (the caller then tries nvidia-smi).</summary>
    public static IReadOnlyList<GpuDeviceInfo>? TryProbe(string node)
    {
        try
        {
            if (NvmlNative.Init() != NvmlNative.Success)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return null;
        }

        try
        {
            if (NvmlNative.GetCount(out var count) != NvmlNative.Success)
            {
                return null;
            }

            var devices = new List<GpuDeviceInfo>((int)count);
            for (uint i = 0; i < count; i++)
            {
                if (NvmlNative.GetHandleByIndex(i, out var handle) != NvmlNative.Success)
                {
                    continue;
                }

                var uuid = ReadString(b => NvmlNative.GetUuid(handle, b, (uint)b.Length));
                var name = ReadString(b => NvmlNative.GetName(handle, b, (uint)b.Length)) ?? "NVIDIA GPU";
                long? total = null;
                long? used = null;
                if (NvmlNative.GetMemoryInfo(handle, out var memory) == NvmlNative.Success)
                {
                    total = (long)(memory.Total / (1024 * 1024));
                    used = (long)(memory.Used / (1024 * 1024));
                }

                int? utilization = NvmlNative.GetUtilizationRates(handle, out var rates) == NvmlNative.Success ? (int)rates.Gpu : null;
                devices.Add(new GpuDeviceInfo(node, i.ToString(CultureInfo.InvariantCulture), uuid, name, total, used, utilization, "nvml"));
            }

            return devices;
        }
        finally
        {
            _ = NvmlNative.Shutdown();
        }
    }

    private static string? ReadString(Func<byte[], int> read)
    {
        var buffer = new byte[NameLength];
        if (read(buffer) != NvmlNative.Success)
        {
            return null;
        }

        var end = Array.IndexOf(buffer, (byte)0);
        var text = Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end).Trim();
        return text.Length == 0 ? null : text;
    }
}
