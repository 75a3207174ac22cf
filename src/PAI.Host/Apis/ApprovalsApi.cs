using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Goals;
using PAI.Host.Auth;

namespace PAI.Host.Apis;

/// <summary><c>POST /api/goals/{id}/steps/{stepId}/approve</c> and <c>/reject</c>: a person's decision on a step
/// waiting for approval.</summary>
public static class ApprovalsApi
{
    /// <summary>Maps the approval endpoints.</summary>
    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/goals/{id}/steps/{stepId}").WithTags("Goals");
        api.MapPost("/approve", (string id, string stepId, ClaimsPrincipal user, IGrainFactory grains) => DecideAsync(id, stepId, user, grains, approve: true))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/reject", (string id, string stepId, ClaimsPrincipal user, IGrainFactory grains) => DecideAsync(id, stepId, user, grains, approve: false))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>202 when recorded; 404 for an unknown (or someone else's) goal or step; 403 for a role that may not approve; 409 when the step is not waiting.</summary>
    public static async Task<Results<Accepted<ApprovalDecision>, ProblemHttpResult>> DecideAsync(string id, string stepId, ClaimsPrincipal user, IGrainFactory grains, bool approve)
    {
        var goal = grains.GetGrain<IGoalGrain>(id);
        var view = id.Length > 100 ? null : await goal.GetAsync();
        if (view is null || !user.CanSee(view.Owner))
        {
            return ApiProblems.NotFound("Goal not found", $"no goal '{Shorten(id)}'");
        }

        if (!user.CanApprove())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"a key with role '{user.Role()}' may not approve or reject steps (admin and operator keys may)");
        }

        var step = view.Steps.FirstOrDefault(s => s.Id == stepId);
        var result = step is null ? ApprovalResult.NotFound : await goal.DecideAsync(stepId, user.PrincipalName(), approve);
        return result switch
        {
            ApprovalResult.Done => TypedResults.Accepted($"/api/goals/{id}", new ApprovalDecision(id, stepId, approve ? "approved" : "rejected")),
            ApprovalResult.NotFound => ApiProblems.NotFound("Step not found", $"goal '{id}' has no step '{Shorten(stepId)}'"),
            _ => ApiProblems.Conflict("Step not waiting for approval", $"step '{stepId}' is {step!.Status}, not WaitingForApproval"),
        };
    }

    private static string Shorten(string text) => text.Length > 100 ? string.Concat(text.AsSpan(0, 100), "…") : text;
}
