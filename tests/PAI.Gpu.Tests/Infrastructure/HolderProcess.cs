using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace PAI.Gpu.Tests.Infrastructure;

/// <summary>The PAI.Gpu.TestHolder console app: a lease holder in its own process.</summary>
public sealed partial class HolderProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private HolderProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public Process Process => _process;

    public static HolderProcess Start(int gatewayPort, string deviceId, string requestId, string requester)
    {
        var dll = typeof(HolderProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GpuTestHolderDll").Value!;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.GetFullPath(dll), gatewayPort.ToString(CultureInfo.InvariantCulture), deviceId, requestId, requester },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var holder = new HolderProcess(Process.Start(info)!);
        holder._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                holder._lines.Writer.TryWrite(line);
            }
        };
        holder._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                holder._lines.Writer.TryWrite("stderr: " + line);
            }
        };
        holder._process.BeginOutputReadLine();
        holder._process.BeginErrorReadLine();
        return holder;
    }

    /// <summary>Waits for a line starting with the prefix; returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cts.Token);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }

                seen.Add(line);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"holder printed no '{prefix}' line within {timeout}; it printed:\n{string.Join('\n', seen)}");
        }
    }

    public void Signal(int signal) => _ = Kill(_process.Id, signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(18); // SIGCONT, in case it was stopped
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
