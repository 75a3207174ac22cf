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
        api.MapPost("/approve", (string id, string stepId, ClaimsPrincipal user, IGrainFactory grains) => DecideAsync(id, stepId, user, grains, approve: true));
        api.MapPost("/reject", (string id, string stepId, ClaimsPrincipal user, IGrainFactory grains) => DecideAsync(id, stepId, user, grains, approve: false));
        return app;
    }

    /// <summary>202 when recorded; 404 for an unknown (or someone else's) goal or step; 403 for a role that may not approve; 409 when the step is not waiting.</summary>
    public static async Task<Results<Accepted<ApprovalDecision>, ProblemHttpResult>> DecideAsync(string id, string stepId, ClaimsPrincipal user, IGrainFactory grains, bool approve)
    {
        var goal = grains.GetGrain<IGoalGrain>(id);
        var view = id.Length > 100 ? null : await goal.GetAsync();
        if (view is null || !user.CanSee(view.Owner))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Goal not found", detail: $"no goal '{id}'");
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
            ApprovalResult.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Step not found", detail: $"goal '{id}' has no step '{stepId}'"),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Step not waiting for approval", detail: $"step '{stepId}' is {step!.Status}, not WaitingForApproval"),
        };
    }
}
