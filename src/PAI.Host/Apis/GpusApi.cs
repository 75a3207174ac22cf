using System.Security.Claims;
using PAI.Abstractions.Gpu;
using PAI.Host.Auth;

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

    /// <remarks>Requesters name goals and steps of every principal, so only admin and operator keys see them.</remarks>
    private static async Task<IResult> GetGpusAsync(IGrainFactory grains, ClaimsPrincipal user)
    {
        var views = await grains.GetGrain<IGpuPoolGrain>(GpuDeviceKey.PoolKey).GetViewAsync();
        var showRequesters = user.SeesEveryPrincipal();
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
                ? new { requester = showRequesters ? h.Requester : null, requestId = showRequesters ? h.RequestId : null, tier = h.Tier.ToString().ToLowerInvariant(), model = h.Model, fencingToken = h.FencingToken, grantedAt = h.GrantedAt, expiresAt = h.ExpiresAt }
                : null,
            queueLength = v.QueueLength,
            queue = v.Queue.Select(q => new { requester = showRequesters ? q.Requester : null, queued = q.Queued }),
            grants = v.Grants,
            expiries = v.Expiries,
        }));
    }
}
