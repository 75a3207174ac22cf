using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Gpu;
using PAI.Abstractions.Tools;

namespace PAI.Gpu.Jobs;

/// <summary>A command to run under a GPU lease (the one path <c>gpu.run</c> and <c>image.generate</c> share).</summary>
/// <param name="Command">The executable.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Tier">Sets the lease length.</param>
/// <param name="Model">Preferred loaded model, if any.</param>
/// <param name="Timeout">Limit for the command; null for the tier's lease length.</param>
public sealed record LeasedCommandSpec(string Command, IReadOnlyList<string> Arguments, GpuTier Tier, string? Model, TimeSpan? Timeout);

/// <summary>
/// Leases a GPU through the pool, waits for the grant, validates the fencing token, runs the command on the device's
/// machine with <c>CUDA_VISIBLE_DEVICES</c> set, heartbeats while it runs and releases the lease however it ends. A
/// call may hold several leases one after another or at once, each under its own <c>slot</c> (its request id and
/// checkpoint keys carry it), so a retried attempt cancels exactly its own earlier requests.
/// </summary>
public sealed partial class GpuLeasedCommand(IGrainFactory grains, GpuJobRunner runner, IOptions<GpuOptions> options, TimeProvider time, ILogger<GpuLeasedCommand> logger)
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="spec"/> under a lease; returns the device, token, when the lease was granted, how long
    /// the request waited for it, exit code, duration and output tail; throws a <see cref="ToolException"/> for a failed, timed-out or fenced-off run.</summary>
    public async Task<JsonObject> RunAsync(ToolContext context, string slot, LeasedCommandSpec spec, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var deviceKey = "gpu.device" + slot;
        var requestKey = "gpu.request" + slot;
        var processKey = "gpu.process" + slot;
        var requester = string.Equals(o.FairnessScope, "principal", StringComparison.OrdinalIgnoreCase) ? context.Principal : context.GoalId;
        var requestId = $"{context.IdempotencyKey}{slot}#{context.Attempt.ToString(CultureInfo.InvariantCulture)}";
        await CancelEarlierAttemptAsync(context, requestId, deviceKey, requestKey);
        OrphanedJobs.Kill(context.Checkpoint.Get(processKey));

        var pool = grains.GetGrain<IGpuPoolGrain>(GpuDeviceKey.PoolKey);
        var requestedAt = time.GetTimestamp();
        GpuRequestState state;
        try
        {
            state = await pool.RequestAsync(new GpuLeaseRequest(requestId, requester, spec.Tier, spec.Model));
        }
        catch (InvalidOperationException ex)
        {
            throw new ToolException($"no GPU to lease: {ex.Message}", retryable: true, ex);
        }

        await context.Checkpoint.SetAsync(deviceKey, state.DeviceId, CancellationToken.None);
        await context.Checkpoint.SetAsync(requestKey, requestId, CancellationToken.None);
        var device = grains.GetGrain<IGpuDeviceGrain>(state.DeviceId);
        GpuLease? lease = null;
        try
        {
            while (state.Status == GpuRequestStatus.Queued)
            {
                state = await device.WaitForGrantAsync(requestId, LongPoll).WaitAsync(cancellationToken);
            }

            lease = state.Lease ?? throw new ToolException($"lease request {requestId} on {state.DeviceId} expired before it was used", retryable: true);
            var waited = time.GetElapsedTime(requestedAt);
            if (!string.Equals(lease.Node, o.NodeName, StringComparison.Ordinal))
            {
                throw new ToolException(
                    $"device {lease.DeviceId} is on node '{lease.Node}' but this step runs on '{o.NodeName}': remote gpu.run is not supported yet",
                    retryable: true);
            }

            LogLeased(logger, context.GoalId, context.StepId, lease.DeviceId, lease.FencingToken);
            var timeout = spec.Timeout ?? o.LeaseLength(spec.Tier);

            // A goal's workspace exists once a tool wrote to it; a first step that runs a GPU job creates it.
            Directory.CreateDirectory(context.Workspace);
            var process = new GpuProcessSpec(
                spec.Command,
                spec.Arguments,
                context.Workspace,
                new Dictionary<string, string> { ["CUDA_VISIBLE_DEVICES"] = lease.DeviceIndex, ["PAI_GPU_FENCING_TOKEN"] = lease.FencingToken.ToString(CultureInfo.InvariantCulture) },
                o.OutputTailChars);
            GpuJobResult result;
            try
            {
                // The process group is checkpointed as soon as it starts, so that a host killed with -9 meanwhile can
                // have the job's orphans killed by the next attempt (OrphanedJobs).
                var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                var running = runner.RunAsync(lease, process, timeout, line => LogOutput(logger, context.GoalId, context.StepId, line), pid => started.TrySetResult(pid), cancellationToken);
                if (await Task.WhenAny(started.Task, running) == started.Task)
                {
                    await context.Checkpoint.SetAsync(processKey, OrphanedJobs.Describe(await started.Task, lease.FencingToken), CancellationToken.None);
                }

                result = await running;
            }
            catch (StaleFencingTokenException ex)
            {
                throw new ToolException(ex.Message, retryable: true, ex);
            }
            catch (InvalidOperationException ex)
            {
                throw new ToolException(ex.Message, retryable: false, ex);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var output = new JsonObject
            {
                ["device"] = lease.DeviceId,
                ["node"] = lease.Node,
                ["cudaVisibleDevices"] = lease.DeviceIndex,
                ["fencingToken"] = lease.FencingToken,
                ["grantedAt"] = lease.GrantedAt,
                ["waitMs"] = (long)waited.TotalMilliseconds,
                ["outcome"] = result.Outcome.ToString(),
                ["exitCode"] = result.Process.ExitCode,
                ["durationMs"] = (long)result.Process.Duration.TotalMilliseconds,
                ["output"] = result.Process.Tail,
            };
            return result.Outcome switch
            {
                GpuJobOutcome.Exited when result.Process.ExitCode == 0 => output,
                GpuJobOutcome.Exited => throw new ToolException($"'{spec.Command}' exited with {result.Process.ExitCode}:\n{result.Process.Tail}"),
                GpuJobOutcome.LeaseLost => throw new ToolException($"lease on {lease.DeviceId} was lost; the job was killed", retryable: true),
                _ => throw new ToolException($"'{spec.Command}' ran past its timeout of {timeout} and was killed"),
            };
        }
        finally
        {
            // Release whatever happened; a release that fails leaves the lease to expire within its TTL.
            try
            {
                _ = lease is null ? await device.CancelAsync(requestId) : await device.ReleaseAsync(requestId, lease.FencingToken);
            }
            catch (Exception ex)
            {
                LogReleaseFailed(logger, ex, state.DeviceId, requestId);
            }
        }
    }

    private async Task CancelEarlierAttemptAsync(ToolContext context, string requestId, string deviceKey, string requestKey)
    {
        if (context.Checkpoint.Get(requestKey) is { } earlier && earlier != requestId && context.Checkpoint.Get(deviceKey) is { } deviceId)
        {
            try
            {
                await grains.GetGrain<IGpuDeviceGrain>(deviceId).CancelAsync(earlier);
            }
            catch (Exception ex)
            {
                LogReleaseFailed(logger, ex, deviceId, earlier);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gpu.run {GoalId}/{StepId}: leased {DeviceId} with token {FencingToken}")]
    private static partial void LogLeased(ILogger logger, string goalId, string stepId, string deviceId, long fencingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "gpu.run {GoalId}/{StepId}: {Line}")]
    private static partial void LogOutput(ILogger logger, string goalId, string stepId, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gpu.run: releasing {RequestId} on {DeviceId} failed; it will expire within its TTL")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string deviceId, string requestId);
}
