using System.Diagnostics;
using System.ComponentModel;
using PAI.Abstractions.Gpu;

namespace PAI.Gpu.Discovery;

/// <summary>Lists devices by running nvidia-smi; null when it is missing or fails.</summary>
internal static class NvidiaSmiProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<GpuDeviceInfo>?> TryProbeAsync(string node, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("nvidia-smi", NvidiaSmiParser.Arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0 ? NvidiaSmiParser.Parse(output, node) : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
