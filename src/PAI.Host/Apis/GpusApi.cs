using PAI.Abstractions.Gpu;

namespace PAI.Host.Apis;

/// <summary><c>GET /api/gpus</c>: every device, its holder, its queue per requester and its utilisation.</summary>
public static class GpusApi
{
    /// <summary>Maps the GPU endpoints.</summary>
    public static IEndpointRouteBuilder MapGpusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/gpus", GetGpusAsync).WithTags("Gpus");
        return app;
    }

    private static async Task<IResult> GetGpusAsync(IGrainFactory grains)
    {
        var views = await grains.GetGrain<IGpuPoolGrain>(GpuDeviceKey.PoolKey).GetViewAsync();
        return TypedResults.Ok(views.Select(v => new
        {
            id = v.DeviceId,
            node = v.Info?.Node,
            index = v.Info?.Index,
            uuid = v.Info?.Uuid,
            name = v.Info?.Name,
            source = v.Info?.Source,
            memoryTotalMiB = v.Info?.MemoryTotalMiB,
            memoryUsedMiB = v.Info?.MemoryUsedMiB,
            utilizationPercent = v.Info?.UtilizationPercent,
            busyFraction = v.BusyFraction,
            epoch = v.Epoch,
            loadedModel = v.LoadedModel,
            holder = v.Holder is { } h
                ? new { requester = h.Requester, requestId = h.RequestId, tier = h.Tier.ToString().ToLowerInvariant(), model = h.Model, fencingToken = h.FencingToken, grantedAt = h.GrantedAt, expiresAt = h.ExpiresAt }
                : null,
            queueLength = v.QueueLength,
            queue = v.Queue.Select(q => new { requester = q.Requester, queued = q.Queued }),
            grants = v.Grants,
            expiries = v.Expiries,
        }));
    }
}
