using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Gpu;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;
using PAI.Host.Auth;

namespace PAI.Host.Apis;

/// <summary><c>GET /api/gpus</c>: every device, its holder, its queue per requester and its utilisation.</summary>
public static class GpusApi
{
    /// <summary>Maps the GPU endpoints.</summary>
    public static IEndpointRouteBuilder MapGpusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/gpus", GetGpusAsync).WithTags("Gpus").ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Results<Ok<Page<GpuResponse>>, ProblemHttpResult>> GetGpusAsync(
        IGrainFactory grains,
        ClaimsPrincipal user,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor)
    {
        var views = await grains.GetGrain<IGpuPoolGrain>(GpuDeviceKey.PoolKey).GetViewAsync();
        return CatalogApi.List("gpus", limit, cursor, q => InMemoryPager.Page(views, v => v.DeviceId, q, "gpus", v => GpuResponse.From(v, user.SeesEveryPrincipal())));
    }
}
