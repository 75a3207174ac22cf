using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Audit;
using PAI.Host.Auth;

namespace PAI.Host.Apis;

/// <summary><c>GET /api/audit</c> (filtered; non-admins see their own entries) and <c>GET /api/audit/verify</c> (admins).</summary>
public static class AuditApi
{
    /// <summary>Maps the audit endpoints.</summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit");
        api.MapGet("/", ListAsync);
        api.MapGet("/verify", VerifyAsync);
        return app;
    }

    /// <summary>Entries in ascending order; <c>after</c> pages on from a sequence number.</summary>
    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user,
        IAuditStore store,
        string? principal,
        string? goal,
        string? kind,
        DateTimeOffset? since,
        long? after,
        int? limit,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit", detail: "limit must be between 1 and 1000");
        }

        if (!user.IsAdmin())
        {
            // Another principal's entries do not exist for this key (as with goals: 404, not 403).
            if (principal is not null && principal != user.PrincipalName())
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Principal not found", detail: "no audit entries of that principal for this key");
            }

            principal = user.PrincipalName();
        }

        return TypedResults.Ok(await store.QueryAsync(new AuditQuery(principal, goal, kind, since, after ?? 0, limit ?? 100), cancellationToken));
    }

    /// <summary>Recomputes the whole hash chain.</summary>
    public static async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> VerifyAsync(ClaimsPrincipal user, AuditVerifier verifier, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "only admins verify the audit log");
        }

        return TypedResults.Ok(await verifier.VerifyAsync(cancellationToken));
    }
}
