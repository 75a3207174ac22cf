using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Host.Apis.Models;
using PAI.Host.Auth;
using PAI.Models.Agents;

namespace PAI.Host.Apis;

/// <summary><c>GET /api/goals/{id}/steps/{stepId}/transcript</c>: the agent runs of a step as its checkpoint keeps them
/// (saved after every turn and call, so a running step shows its conversation so far).</summary>
public static class TranscriptApi
{
    private const string KeySuffix = ":" + AgentTranscript.CheckpointKey;

    /// <summary>Maps the transcript endpoint.</summary>
    public static IEndpointRouteBuilder MapTranscriptApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/goals/{id}/steps/{stepId}/transcript", GetAsync).WithTags("Goals").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The step's agent runs (none for a plain tool step), ordered by when each started.</summary>
    public static async Task<Results<Ok<Page<TranscriptResponse>>, ProblemHttpResult>> GetAsync(string id, string stepId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var goal = await grains.GetGrain<IGoalGrain>(id).GetAsync();
        if (goal is null || !user.CanSee(goal.Owner))
        {
            return ApiProblems.NotFound("Goal not found", $"no goal '{Shorten(id)}'");
        }

        if (!goal.Steps.Any(s => s.Id == stepId))
        {
            return ApiProblems.NotFound("Step not found", $"goal '{Shorten(id)}' has no step '{Shorten(stepId)}'");
        }

        var values = await grains.GetGrain<IStepRunGrain>(IStepRunGrain.KeyOf(id, stepId)).GetCheckpointValuesAsync(KeySuffix);
        var runs = values
            .Select(kv => (Scope: kv.Key[..^KeySuffix.Length], Transcript: AgentTranscript.Load(kv.Value)))
            .Where(r => r.Transcript is not null)
            .Select(r => TranscriptResponse.From(r.Scope, r.Transcript!))
            .OrderBy(r => r.StartedAt)
            .ThenBy(r => r.Scope, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new Page<TranscriptResponse>(runs, null));
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
