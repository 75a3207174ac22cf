using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PAI.Gpu.Jobs;

/// <summary>
/// Runs a command as the leader of a new session and process group (<c>/usr/bin/setsid</c>, which execs in place
/// because the child is not a group leader, so pid = pgid). Whatever way the run ends (exit, cancel, timeout, lease
/// lost) the whole group gets SIGKILL, so no forked child outlives the job and keeps holding the GPU.
/// </summary>
public sealed partial class GpuProcessRunner(TimeProvider time, ILogger<GpuProcessRunner> logger)
{
    /// <summary>Where setsid lives.</summary>
    public const string SetsidPath = "/usr/bin/setsid";

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Runs the command; cancelling the token kills the whole group. <paramref name="onLine"/> sees every output line.</summary>
    public async Task<GpuProcessResult> RunAsync(GpuProcessSpec spec, Action<string> onLine, Action<int>? onStarted, CancellationToken cancellationToken)
    {
        if (!File.Exists(SetsidPath))
        {
            throw new InvalidOperationException($"{SetsidPath} is missing: gpu.run needs it to give each job its own process group");
        }

        var info = new ProcessStartInfo(SetsidPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        var tail = new OutputTail(Math.Max(256, spec.OutputTailChars));
        using var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is { } line)
            {
                tail.AppendLine(line);
                onLine(line);
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;

        var started = time.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"cannot start '{spec.FileName}': {ex.Message}", ex);
        }

        var pgid = process.Id;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        LogStarted(logger, spec.FileName, pgid);
        onStarted?.Invoke(pgid);

        var killed = false;
        using (cancellationToken.Register(() =>
        {
            killed = true;
            PosixNative.KillGroup(pgid);
        }))
        {
            await exited.Task;
        }

        // The leader is gone; children it forked may still run (and hold the output pipes): end them too.
        var leftovers = PosixNative.KillGroup(pgid);
        using (var drain = new CancellationTokenSource(DrainTimeout))
        {
            try
            {
                await process.WaitForExitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                // Output pipes still held open by something outside the group; keep what was read.
            }
        }

        var exitCode = killed ? -1 : process.ExitCode;
        LogEnded(logger, spec.FileName, pgid, exitCode, killed, leftovers);
        return new GpuProcessResult(exitCode, killed, pgid, tail.ToString(), time.GetElapsedTime(started));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {FileName} as process group {ProcessGroupId}")]
    private static partial void LogStarted(ILogger logger, string fileName, int processGroupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{FileName} (group {ProcessGroupId}) ended with {ExitCode}; killed: {Killed}; leftover children killed: {Leftovers}")]
    private static partial void LogEnded(ILogger logger, string fileName, int processGroupId, int exitCode, bool killed, bool leftovers);
}
