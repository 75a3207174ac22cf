using PAI.Abstractions.Gpu;

namespace PAI.Models.Gateway;

/// <summary>
/// Picks the endpoint of a pool for one call. Endpoints served on a GPU are compared by their device's load (holder plus
/// queue), preferring a device whose last lease was for this model (it is loaded there) while its load is within one
/// of the least; others by requests in flight against their limit. Ties rotate. Pure apart from the rotation counter.
/// </summary>
internal sealed class EndpointChooser
{
    private const int AffinitySlack = 1;
    private int _rotation;

    /// <summary>Chooses among <paramref name="candidates"/>; <paramref name="views"/> has the device view of each GPU endpoint (missing: unreachable).</summary>
    public EndpointClient Choose(IReadOnlyList<EndpointClient> candidates, IReadOnlyDictionary<string, GpuDeviceView> views, string model)
    {
        var gpu = candidates.Where(c => c.Endpoint.Gpu is { } device && views.ContainsKey(device)).ToList();
        if (gpu.Count > 0 && candidates.All(c => c.Endpoint.Gpu is not null))
        {
            int Load(EndpointClient c) => views[c.Endpoint.Gpu!].QueueLength + (views[c.Endpoint.Gpu!].Holder is null ? 0 : 1);
            var least = gpu.Min(Load);
            var warm = gpu.Where(c => views[c.Endpoint.Gpu!].LoadedModel == model && Load(c) <= least + AffinitySlack).ToList();
            return warm.Count > 0 ? Tie(warm, Load) : Tie(gpu, Load);
        }

        var usable = candidates.Where(c => c.Endpoint.Gpu is null || views.ContainsKey(c.Endpoint.Gpu)).ToList();
        if (usable.Count == 0)
        {
            usable = [.. candidates];
        }

        return Tie(usable, c => (int)(1000L * c.InFlight / c.Endpoint.MaxConcurrentRequests));
    }

    private EndpointClient Tie(List<EndpointClient> options, Func<EndpointClient, int> load)
    {
        var least = options.Min(load);
        var tied = options.Where(o => load(o) == least).ToList();
        return tied[(int)((uint)Interlocked.Increment(ref _rotation) % (uint)tied.Count)];
    }
}
