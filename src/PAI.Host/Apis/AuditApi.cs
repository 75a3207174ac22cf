using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Audit;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;
using PAI.Host.Auth;

namespace PAI.Host.Apis;

/// <summary><c>GET /api/audit</c> (filtered; non-admins see their own entries) and <c>GET /api/audit/verify</c> (admins).</summary>
public static class AuditApi
{
    /// <summary>The list name in audit cursors.</summary>
    public const string CursorList = "audit";

    /// <summary>Maps the audit endpoints.</summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit");
        api.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/verify", VerifyAsync).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>Entries in ascending sequence order (oldest first), paged by cursor.</summary>
    public static async Task<Results<Ok<Page<AuditEntryResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user,
        IAuditStore store,
        [Description("Only this principal's entries (admins only, for another principal).")] string? principal,
        [Description("Only this goal's entries.")] string? goal,
        [Description("Only entries of this kind, e.g. step.approved.")] string? kind,
        [Description("Only entries appended at or after this time (ISO 8601).")] DateTimeOffset? since,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var page = PageQuery.Parse(limit, cursor, CursorList, 1, errors);
        long after = 0;
        if (page.After is [var sequence] && (!long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after < 0))
        {
            errors.Add(new("cursor", "the cursor is not one this API issued"));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid query", errors);
        }

        if (!user.IsAdmin())
        {
            // Another principal's entries do not exist for this key (as with goals: 404, not 403).
            if (principal is not null && principal != user.PrincipalName())
            {
                return ApiProblems.NotFound("Principal not found", "no audit entries of that principal for this key");
            }

            principal = user.PrincipalName();
        }

        var entries = await store.QueryAsync(new AuditQuery(principal, goal, kind, since, after, page.Limit + 1), cancellationToken);
        var next = entries.Count > page.Limit
            ? PageCursor.Encode(CursorList, entries[page.Limit - 1].Sequence.ToString(CultureInfo.InvariantCulture))
            : null;
        return TypedResults.Ok(new Page<AuditEntryResponse>(entries.Take(page.Limit).Select(AuditEntryResponse.From).ToList(), next));
    }

    /// <summary>Recomputes the whole hash chain.</summary>
    public static async Task<Results<Ok<AuditVerificationResponse>, ProblemHttpResult>> VerifyAsync(ClaimsPrincipal user, AuditVerifier verifier, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin())
        {
            return ApiProblems.Forbidden("only admins verify the audit log");
        }

        return TypedResults.Ok(AuditVerificationResponse.From(await verifier.VerifyAsync(cancellationToken)));
    }
}
