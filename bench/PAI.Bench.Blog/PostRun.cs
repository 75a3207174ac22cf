using System.Text.Json.Nodes;

namespace PAI.Bench.Blog;

/// <summary>One image job of a post, as <c>image.generate</c> reported it.</summary>
/// <param name="GoalId">The post's goal.</param>
/// <param name="Device">The GPU it ran on.</param>
/// <param name="Token">Its lease's fencing token (the device's grant order).</param>
/// <param name="GrantedAt">When the device granted the lease (host clock).</param>
/// <param name="WaitMs">From the lease request to the grant.</param>
/// <param name="DurationMs">How long the image program ran.</param>
public sealed record ImageJob(string GoalId, string Device, long Token, DateTimeOffset GrantedAt, long WaitMs, long DurationMs);

/// <summary>One finished post.</summary>
/// <param name="GoalId">Its goal.</param>
/// <param name="ClientMs">Submit to the end of the goal's event stream, on the client.</param>
/// <param name="ServerMs">The goal's <c>createdAt</c> to <c>updatedAt</c>, on the host.</param>
/// <param name="PhaseMs">Time in each phase, as the skill reports it.</param>
/// <param name="Jobs">Its image jobs.</param>
public sealed record PostRun(string GoalId, double ClientMs, double ServerMs, IReadOnlyDictionary<string, long> PhaseMs, IReadOnlyList<ImageJob> Jobs)
{
    /// <summary>Time in the skill's phases.</summary>
    public long InPhasesMs => PhaseMs.Values.Sum();

    /// <summary>Time on the host outside every phase: submit, planning, dispatch, durable state writes, result.</summary>
    public double OutsidePhasesMs => ServerMs - InPhasesMs;

    /// <summary>Reads a succeeded goal's view; throws when the goal did not succeed.</summary>
    public static PostRun From(JsonNode goal, double clientMs)
    {
        var id = goal["id"]!.GetValue<string>();
        if (goal["status"]!.GetValue<string>() != "Succeeded")
        {
            throw new InvalidOperationException($"post {id} did not succeed: {goal.ToJsonString()}");
        }

        var output = goal["steps"]![0]!["output"]!;
        var phases = output["phaseMs"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>(), StringComparer.Ordinal);
        var jobs = output["images"]!.AsArray().Select(i => new ImageJob(
            id,
            i!["device"]!.GetValue<string>(),
            i["fencingToken"]!.GetValue<long>(),
            i["grantedAt"]!.GetValue<DateTimeOffset>(),
            i["waitMs"]!.GetValue<long>(),
            i["durationMs"]!.GetValue<long>())).ToList();
        var server = (goal["updatedAt"]!.GetValue<DateTimeOffset>() - goal["createdAt"]!.GetValue<DateTimeOffset>()).TotalMilliseconds;
        return new PostRun(id, clientMs, server, phases, jobs);
    }
}
