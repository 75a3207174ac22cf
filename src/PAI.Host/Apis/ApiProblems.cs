using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Principals;

namespace PAI.Host.Apis;

/// <summary>Problem-details answers shared by the APIs added with keys and schedules.</summary>
public static class ApiProblems
{
    /// <summary>422 with an <c>errors</c> array of <c>{ path, message }</c>.</summary>
    public static ProblemHttpResult Invalid(string title, IReadOnlyList<PlanError> errors) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: title,
            detail: string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")),
            extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { path = e.Path, message = e.Message }).ToArray() });

    /// <summary>403 with a reason, and the offending fields when there are any.</summary>
    public static ProblemHttpResult Forbidden(string detail, IReadOnlyList<PlanError>? errors = null) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: detail,
            extensions: errors is { Count: > 0 } ? new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { path = e.Path, message = e.Message }).ToArray() } : null);

    /// <summary>429 with <c>Retry-After</c>: a quota refuses another goal now.</summary>
    public static ProblemHttpResult QuotaExceeded(HttpContext context, QuotaRefusal refusal)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(refusal.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Quota exceeded",
            detail: refusal.Message,
            extensions: new Dictionary<string, object?> { ["quota"] = refusal.Quota });
    }
}
