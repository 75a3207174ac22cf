using System.Globalization;
using PAI.Abstractions.Gpu;

namespace PAI.Gpu.Discovery;

/// <summary>
/// Parses <c>nvidia-smi --query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu --format=csv,noheader,nounits</c>.
/// Defensive: <c>[N/A]</c>, <c>[Not Supported]</c>, blank or garbled numbers become null; lines without an index are skipped.
/// </summary>
public static class NvidiaSmiParser
{
    /// <summary>The arguments the parser expects nvidia-smi to be called with.</summary>
    public const string Arguments = "--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu --format=csv,noheader,nounits";

    /// <summary>The devices in the output.</summary>
    public static IReadOnlyList<GpuDeviceInfo> Parse(string output, string node)
    {
        var devices = new List<GpuDeviceInfo>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',').Select(f => f.Trim()).ToArray();
            if (fields.Length < 3 || Text(fields[0]) is not { } index || !int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            // A product name can hold a comma; the three numeric fields are always the last three.
            var numericStart = Math.Max(3, fields.Length - 3);
            var name = string.Join(", ", fields[2..numericStart]);
            devices.Add(new GpuDeviceInfo(
                node,
                index,
                Text(fields[1]),
                Text(name) ?? "NVIDIA GPU",
                Number(fields, numericStart),
                Number(fields, numericStart + 1),
                (int?)Number(fields, numericStart + 2),
                "nvidia-smi"));
        }

        return devices;
    }

    private static string? Text(string field) =>
        field.Length == 0 || (field.StartsWith('[') && field.EndsWith(']')) || field.Equals("N/A", StringComparison.OrdinalIgnoreCase) ? null : field;

    private static long? Number(string[] fields, int index)
    {
        if (index >= fields.Length || Text(fields[index]) is not { } text)
        {
            return null;
        }

        // Some drivers print units despite nounits ("81559 MiB", "12 %").
        var digits = new string(text.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
        return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value < long.MaxValue
            ? (long)value
            : null;
    }
}
