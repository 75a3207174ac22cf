using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Auth;

namespace PAI.Host.Apis;

/// <summary><c>POST /api/goals/{id}/steps/{stepId}/approve</c> and <c>/reject</c>: a person's decision on a step
/// waiting for approval (with an optional comment); <c>GET /api/approvals</c>: every step waiting, across goals.</summary>
public static class ApprovalsApi
{
    /// <summary>Maps the approval endpoints.</summary>
    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/goals/{id}/steps/{stepId}").WithTags("Goals");
        api.MapPost("/approve", (string id, string stepId, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken ct) => DecideFromRequestAsync(id, stepId, request, user, grains, approve: true, ct))
            .Accepts<ApprovalRequest>(isOptional: true, StrictJsonBody.MediaType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/reject", (string id, string stepId, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken ct) => DecideFromRequestAsync(id, stepId, request, user, grains, approve: false, ct))
            .Accepts<ApprovalRequest>(isOptional: true, StrictJsonBody.MediaType)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/api/approvals", ListAsync).WithTags("Goals").ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The HTTP endpoint: reads the optional <c>{ "comment" }</c> body (422 for an unknown field or a comment
    /// over <see cref="ApprovalRequest.MaxCommentLength"/> characters), then decides.</summary>
    public static async Task<Results<Accepted<ApprovalDecision>, ProblemHttpResult>> DecideFromRequestAsync(
        string id, string stepId, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, bool approve, CancellationToken cancellationToken)
    {
        string? comment = null;
        if (HasBody(request))
        {
            var read = await StrictJsonBody.ReadAsync<ApprovalRequest>(request, cancellationToken);
            if (!read.Succeeded)
            {
                return read.Problem;
            }

            comment = string.IsNullOrWhiteSpace(read.Value.Comment) ? null : read.Value.Comment.Trim();
            if (comment is { Length: > ApprovalRequest.MaxCommentLength })
            {
                return ApiProblems.Invalid("Invalid request body", "comment", $"at most {ApprovalRequest.MaxCommentLength} characters");
            }
        }

        return await DecideAsync(id, stepId, user, grains, approve, comment);
    }

    /// <summary>202 when recorded; 404 for an unknown (or someone else's) goal or step; 403 for a role that may not
    /// approve; 409 when the step is not waiting. <paramref name="comment"/> (already checked) goes into the audit log.</summary>
    public static async Task<Results<Accepted<ApprovalDecision>, ProblemHttpResult>> DecideAsync(
        string id, string stepId, ClaimsPrincipal user, IGrainFactory grains, bool approve, string? comment = null)
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
        var result = step is null ? ApprovalResult.NotFound : await goal.DecideAsync(stepId, user.PrincipalName(), approve, comment);
        return result switch
        {
            ApprovalResult.Done => TypedResults.Accepted($"/api/goals/{id}", new ApprovalDecision(id, stepId, approve ? "approved" : "rejected", comment)),
            ApprovalResult.NotFound => ApiProblems.NotFound("Step not found", $"goal '{id}' has no step '{Shorten(stepId)}'"),
            _ => ApiProblems.Conflict("Step not waiting for approval", $"step '{stepId}' is {step!.Status}, not WaitingForApproval"),
        };
    }

    /// <summary>GET /api/approvals: the steps waiting for a person, newest goal first, in plan order within a goal;
    /// admin and operator keys see every principal's, others their own (which only an admin or operator may decide).</summary>
    public static async Task<Results<Ok<Page<PendingApprovalResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user,
        IGoalIndex index,
        IGrainFactory grains,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor,
        CancellationToken cancellationToken)
    {
        var owner = user.SeesEveryPrincipal() ? null : user.PrincipalName();
        var page = await PendingApprovals.PageAsync(index, grains, owner, limit, cursor, cancellationToken);
        return page.Errors.Count > 0 ? ApiProblems.Invalid("Invalid query", page.Errors) : TypedResults.Ok(page.Page!);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is not 0
        && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false;

    private static string Shorten(string text) => text.Length > 100 ? string.Concat(text.AsSpan(0, 100), "…") : text;
}
