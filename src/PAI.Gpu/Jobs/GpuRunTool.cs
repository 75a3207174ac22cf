using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Gpu;
using PAI.Abstractions.Tools;

namespace PAI.Gpu.Jobs;

/// <summary>
/// <c>gpu.run</c>: leases a GPU through the pool, runs an allow-listed command on the device's machine with
/// <c>CUDA_VISIBLE_DEVICES</c> set, streams its output into the step's log, heartbeats while it runs and releases
/// the lease however it ends. The command runs in its own process group, killed whole on cancel, timeout or lease loss.
/// </summary>
public sealed partial class GpuRunTool(
    IGrainFactory grains,
    GpuJobRunner runner,
    IOptions<GpuOptions> options,
    ILogger<GpuRunTool> logger) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = PAI.Engine.Tools.BuiltInToolNames.GpuRun;

    private const string DeviceKey = "gpu.device";
    private const string RequestKey = "gpu.request";
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(20);

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Leases a GPU (fair round-robin between requesters), runs an allow-listed command on its machine with CUDA_VISIBLE_DEVICES set, and releases it.",
        """
        {
          "type": "object",
          "properties": {
            "command": { "type": "string", "description": "Executable; must be in Pai:Gpus:AllowedCommands." },
            "args": { "type": "array", "items": { "type": "string" } },
            "tier": { "type": "string", "enum": ["draft", "standard", "high"], "description": "Sets the lease length (step count x step duration)." },
            "model": { "type": "string", "description": "Model the job loads; devices where it is already loaded are preferred." },
            "timeout": { "type": "string", "description": "Duration (e.g. 90s, 10m); defaults to the tier's lease length." }
          },
          "required": ["command"],
          "additionalProperties": false
        }
        """,
        "gpu",
        null);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        var errors = new List<string>();
        try
        {
            _ = Parse(input, checkReferences: false);
        }
        catch (ToolException ex)
        {
            errors.Add(ex.Message);
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var input = Parse(context.Input, checkReferences: true);
        var requester = string.Equals(o.FairnessScope, "principal", StringComparison.OrdinalIgnoreCase) ? context.Principal : context.GoalId;
        var requestId = $"{context.IdempotencyKey}#{context.Attempt.ToString(CultureInfo.InvariantCulture)}";
        await CancelEarlierAttemptAsync(context, requestId);

        var pool = grains.GetGrain<IGpuPoolGrain>(GpuDeviceKey.PoolKey);
        GpuRequestState state;
        try
        {
            state = await pool.RequestAsync(new GpuLeaseRequest(requestId, requester, input.Tier, input.Model));
        }
        catch (InvalidOperationException ex)
        {
            throw new ToolException($"no GPU to lease: {ex.Message}", retryable: true, ex);
        }

        await context.Checkpoint.SetAsync(DeviceKey, state.DeviceId, CancellationToken.None);
        await context.Checkpoint.SetAsync(RequestKey, requestId, CancellationToken.None);
        var device = grains.GetGrain<IGpuDeviceGrain>(state.DeviceId);
        GpuLease? lease = null;
        try
        {
            while (state.Status == GpuRequestStatus.Queued)
            {
                state = await device.WaitForGrantAsync(requestId, LongPoll).WaitAsync(cancellationToken);
            }

            lease = state.Lease ?? throw new ToolException($"lease request {requestId} on {state.DeviceId} expired before it was used", retryable: true);
            if (!string.Equals(lease.Node, o.NodeName, StringComparison.Ordinal))
            {
                throw new ToolException(
                    $"device {lease.DeviceId} is on node '{lease.Node}' but this step runs on '{o.NodeName}': remote gpu.run is not supported yet",
                    retryable: true);
            }

            LogLeased(logger, context.GoalId, context.StepId, lease.DeviceId, lease.FencingToken);
            var timeout = input.Timeout ?? o.LeaseLength(input.Tier);

            // A goal's workspace exists once a tool wrote to it; a first step that runs a GPU job creates it.
            Directory.CreateDirectory(context.Workspace);
            var spec = new GpuProcessSpec(
                input.Command,
                input.Arguments,
                context.Workspace,
                new Dictionary<string, string> { ["CUDA_VISIBLE_DEVICES"] = lease.DeviceIndex, ["PAI_GPU_FENCING_TOKEN"] = lease.FencingToken.ToString(CultureInfo.InvariantCulture) },
                o.OutputTailChars);
            GpuJobResult result;
            try
            {
                result = await runner.RunAsync(lease, spec, timeout, line => LogOutput(logger, context.GoalId, context.StepId, line), null, cancellationToken);
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
                ["outcome"] = result.Outcome.ToString(),
                ["exitCode"] = result.Process.ExitCode,
                ["durationMs"] = (long)result.Process.Duration.TotalMilliseconds,
                ["output"] = result.Process.Tail,
            };
            return result.Outcome switch
            {
                GpuJobOutcome.Exited when result.Process.ExitCode == 0 => output,
                GpuJobOutcome.Exited => throw new ToolException($"'{input.Command}' exited with {result.Process.ExitCode}:\n{result.Process.Tail}"),
                GpuJobOutcome.LeaseLost => throw new ToolException($"lease on {lease.DeviceId} was lost; the job was killed", retryable: true),
                _ => throw new ToolException($"'{input.Command}' ran past its timeout of {timeout} and was killed"),
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

    private async Task CancelEarlierAttemptAsync(ToolContext context, string requestId)
    {
        if (context.Checkpoint.Get(RequestKey) is { } earlier && earlier != requestId && context.Checkpoint.Get(DeviceKey) is { } deviceId)
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

    private Input Parse(JsonObject json, bool checkReferences)
    {
        static bool IsRef(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) && s.Contains("${", StringComparison.Ordinal);

        var commandNode = json["command"];
        string command;
        if (commandNode is JsonValue cv && cv.TryGetValue<string>(out var c) && !string.IsNullOrWhiteSpace(c))
        {
            command = c;
        }
        else
        {
            throw new ToolException("'command' is required and must be a string");
        }

        if (!(IsRef(commandNode) && !checkReferences) && !options.Value.AllowedCommands.Contains(command, StringComparer.Ordinal))
        {
            throw new ToolException($"command '{command}' is not in Pai:Gpus:AllowedCommands");
        }

        var arguments = new List<string>();
        if (json["args"] is JsonArray args)
        {
            foreach (var a in args)
            {
                arguments.Add(a is JsonValue av && av.TryGetValue<string>(out var s) ? s : throw new ToolException("'args' must be an array of strings"));
            }
        }
        else if (json["args"] is not null)
        {
            throw new ToolException("'args' must be an array of strings");
        }

        var tier = GpuTier.Standard;
        if (json["tier"] is { } tierNode && !(IsRef(tierNode) && !checkReferences))
        {
            tier = tierNode.GetValue<string>().ToLowerInvariant() switch
            {
                "draft" => GpuTier.Draft,
                "standard" => GpuTier.Standard,
                "high" => GpuTier.High,
                var other => throw new ToolException($"'tier' must be draft, standard or high, not '{other}'"),
            };
        }

        TimeSpan? timeout = null;
        if (json["timeout"] is { } timeoutNode && !(IsRef(timeoutNode) && !checkReferences))
        {
            var text = timeoutNode.GetValue<string>();
            timeout = DurationParser.TryParse(text, out var d) && d > TimeSpan.Zero ? d : throw new ToolException($"'timeout' value '{text}' is not a duration");
        }

        foreach (var property in json)
        {
            if (property.Key is not ("command" or "args" or "tier" or "model" or "timeout"))
            {
                throw new ToolException($"unknown property '{property.Key}'");
            }
        }

        return new Input(command, arguments, tier, json["model"]?.GetValue<string>(), timeout);
    }

    private sealed record Input(string Command, IReadOnlyList<string> Arguments, GpuTier Tier, string? Model, TimeSpan? Timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "gpu.run {GoalId}/{StepId}: leased {DeviceId} with token {FencingToken}")]
    private static partial void LogLeased(ILogger logger, string goalId, string stepId, string deviceId, long fencingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "gpu.run {GoalId}/{StepId}: {Line}")]
    private static partial void LogOutput(ILogger logger, string goalId, string stepId, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gpu.run: releasing {RequestId} on {DeviceId} failed; it will expire within its TTL")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string deviceId, string requestId);
}
