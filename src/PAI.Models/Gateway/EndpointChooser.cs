using PAI.Abstractions.Gpu;

namespace PAI.Models.Gateway;

/// <summary>
/// Picks the endpoint of a pool for one call. First health: an endpoint resting after repeated failures (circuit open)
/// or served on a GPU whose device did not answer is passed over while another is usable. Endpoints served on GPUs are
/// then compared by how many leases their device grants before this requester's new request: the devices rotate
/// round-robin between requesters (goals), so another goal's flood of queued calls costs a newcomer one turn, not the
/// whole queue, and a goal that already waits on a device sends its next call elsewhere. Among them a device whose last
/// lease was for this model (it is loaded there) is preferred while it is within one turn of the least, except that a
/// free device is not left idle for a busy warm one (loading the model costs less than waiting out a generation). Endpoints not
/// on GPUs are compared by requests in flight against their limit (a saturated one is avoided while another has room).
/// Ties go round-robin: the next one after the endpoint chosen last, in pool order. Pure apart from that memory.
/// </summary>
internal sealed class EndpointChooser
{
    /// <summary>How many more turns a device with the model loaded may have and still be preferred.</summary>
    public const int AffinitySlack = 1;

    private readonly Lock _lock = new();
    private string? _last;

    /// <summary>The index in <paramref name="candidates"/> of the endpoint to use.</summary>
    /// <param name="candidates">The pool, in configuration order (not empty).</param>
    /// <param name="views">The device view of each GPU the pool is served on; missing: unreachable.</param>
    /// <param name="model">The model asked for.</param>
    /// <param name="requester">Who the GPU lease would be for (the goal, else the principal).</param>
    public int Choose(IReadOnlyList<EndpointCandidate> candidates, IReadOnlyDictionary<string, GpuDeviceView> views, string model, string requester)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(views);
        if (candidates.Count == 0)
        {
            throw new ArgumentException("a pool has at least one endpoint", nameof(candidates));
        }

        var all = Enumerable.Range(0, candidates.Count).ToList();
        var awake = Prefer(all, i => !candidates[i].Resting);
        var usable = Prefer(awake, i => candidates[i].Gpu is not { } device || views.ContainsKey(device));
        if (usable.All(i => candidates[i].Gpu is { } device && views.ContainsKey(device)))
        {
            int Turns(int i) => TurnsBefore(views[candidates[i].Gpu!], requester);
            var least = usable.Min(Turns);
            // A free device is never left idle while a call would queue for a warm one.
            var slack = least == 0 ? 0 : AffinitySlack;
            var warm = usable.Where(i => views[candidates[i].Gpu!].LoadedModel == model && Turns(i) <= least + slack).ToList();
            return Tie(candidates, warm.Count > 0 ? warm : usable, Turns);
        }

        return Tie(candidates, usable, i => (int)(1000L * candidates[i].InFlight / Math.Max(1, candidates[i].MaxConcurrentRequests)));
    }

    /// <summary>Leases <paramref name="view"/>'s device grants before a new request of <paramref name="requester"/>:
    /// the one held now, the requester's own waiting requests, and from every other requester as many as get a turn
    /// before it in the round-robin (one more than the requester's own waiting, at most what they have waiting).</summary>
    public static int TurnsBefore(GpuDeviceView view, string requester)
    {
        ArgumentNullException.ThrowIfNull(view);
        var own = view.Queue.Where(q => q.Requester == requester).Sum(q => q.Queued);
        var others = view.Queue.Where(q => q.Requester != requester).Sum(q => Math.Min(q.Queued, own + 1));
        return (view.Holder is null ? 0 : 1) + own + others;
    }

    private static List<int> Prefer(List<int> options, Func<int, bool> good)
    {
        var preferred = options.Where(good).ToList();
        return preferred.Count > 0 ? preferred : options;
    }

    private int Tie(IReadOnlyList<EndpointCandidate> candidates, List<int> options, Func<int, int> load)
    {
        var least = options.Min(load);
        var tied = options.Where(i => load(i) == least).ToList();
        lock (_lock)
        {
            var last = _last is null ? -1 : IndexOf(candidates, _last);
            var chosen = tied.FirstOrDefault(i => i > last, tied[0]);
            _last = candidates[chosen].Name;
            return chosen;
        }
    }

    private static int IndexOf(IReadOnlyList<EndpointCandidate> candidates, string name)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
