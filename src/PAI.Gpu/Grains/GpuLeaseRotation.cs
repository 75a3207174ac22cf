namespace PAI.Gpu.Grains;

/// <summary>
/// A device's queue discipline, pure (no grain, no clock): waiting requests, oldest first, and a rotation of the
/// requesters that have any. The next grant goes to the first requester in the rotation other than the one served
/// last (which goes behind everyone else, even one that arrived after its own queue emptied), oldest request first;
/// so each requester with work waiting gets one grant per round, however many requests it queued.
/// </summary>
public static class GpuLeaseRotation
{
    /// <summary>Queues <paramref name="request"/> and puts its requester at the back of the rotation if not in it.</summary>
    public static void Enqueue(GpuDeviceState state, GpuQueuedRequest request)
    {
        state.Queue.Add(request);
        if (!state.Rotation.Contains(request.Request.Requester, StringComparer.Ordinal))
        {
            state.Rotation.Add(request.Request.Requester);
        }
    }

    /// <summary>Drops the waiting request <paramref name="requestId"/> (its requester leaves the rotation when it has
    /// nothing else waiting); false when it is not waiting.</summary>
    public static bool Remove(GpuDeviceState state, string requestId)
    {
        var index = state.Queue.FindIndex(q => q.Request.RequestId == requestId);
        if (index < 0)
        {
            return false;
        }

        var requester = state.Queue[index].Request.Requester;
        state.Queue.RemoveAt(index);
        if (!state.Queue.Exists(q => q.Request.Requester == requester))
        {
            state.Rotation.Remove(requester);
        }

        return true;
    }

    /// <summary>Takes the request to grant next (and records its requester as served last); null when none waits.</summary>
    public static GpuQueuedRequest? TakeNext(GpuDeviceState state)
    {
        if (state.Queue.Count == 0)
        {
            return null;
        }

        var requester = state.Rotation.Find(r => r != state.LastRequester)
            ?? (state.Rotation.Count > 0 ? state.Rotation[0] : state.Queue[0].Request.Requester);
        var index = state.Queue.FindIndex(q => q.Request.Requester == requester);
        if (index < 0)
        {
            // A rotation out of step with the queue (not expected): serve the oldest request.
            index = 0;
            requester = state.Queue[0].Request.Requester;
        }

        var next = state.Queue[index];
        state.Queue.RemoveAt(index);
        state.Rotation.Remove(requester);
        if (state.Queue.Exists(q => q.Request.Requester == requester))
        {
            state.Rotation.Add(requester);
        }

        state.LastRequester = requester;
        return next;
    }
}
