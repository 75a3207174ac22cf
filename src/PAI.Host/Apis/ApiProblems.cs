using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Principals;
using PAI.Host.Apis.Json;

namespace PAI.Host.Apis;

/// <summary>
/// The problem details (RFC 9457, formerly 7807) every endpoint answers errors with: <c>type</c>, <c>title</c>,
/// <c>status</c>, <c>detail</c>, and for request errors an <c>errors</c> array of <c>{ path, message }</c>.
/// </summary>
public static class ApiProblems
{
    private const int MaxErrorsInDetail = 5;

    /// <summary>A problem with the given status; <paramref name="errors"/>, when any, become the <c>errors</c> array.</summary>
    public static ProblemHttpResult Problem(int status, string title, string detail, IReadOnlyCollection<FieldError>? errors = null)
    {
        var extensions = errors is { Count: > 0 } ? new Dictionary<string, object?> { ["errors"] = errors } : null;
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    /// <summary>400: the request cannot be read at all (malformed JSON, a bad header).</summary>
    public static ProblemHttpResult Malformed(string title, IReadOnlyCollection<FieldError> errors) =>
        Problem(StatusCodes.Status400BadRequest, title, Summarize(errors), errors);

    /// <summary>422: the request was read but its content is invalid; each error names its field.</summary>
    public static ProblemHttpResult Invalid(string title, IReadOnlyCollection<FieldError> errors) =>
        Problem(StatusCodes.Status422UnprocessableEntity, title, Summarize(errors), errors);

    /// <summary>422 for one invalid field.</summary>
    public static ProblemHttpResult Invalid(string title, string path, string message) => Invalid(title, [new FieldError(path, message)]);

    /// <summary>404 for something the caller cannot see (missing, or someone else's).</summary>
    public static ProblemHttpResult NotFound(string title, string detail) => Problem(StatusCodes.Status404NotFound, title, detail);

    /// <summary>409: the request conflicts with the current state.</summary>
    public static ProblemHttpResult Conflict(string title, string detail) => Problem(StatusCodes.Status409Conflict, title, detail);

    /// <summary>403: authenticated, but this key may not do that (<paramref name="errors"/>: the fields that are not allowed).</summary>
    public static ProblemHttpResult Forbidden(string detail, IReadOnlyCollection<FieldError>? errors = null) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail, errors);

    /// <summary>429 with <c>Retry-After</c>: a quota of the principal refuses another goal now; <c>quota</c> names which.</summary>
    public static ProblemHttpResult QuotaExceeded(HttpContext context, QuotaRefusal refusal)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(refusal.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Quota exceeded",
            detail: refusal.Message,
            extensions: new Dictionary<string, object?> { ["quota"] = refusal.Quota });
    }

    /// <summary>"path: message; path: message" for the first few errors, so one line tells what to fix.</summary>
    public static string Summarize(IReadOnlyCollection<FieldError> errors)
    {
        var shown = errors.Take(MaxErrorsInDetail).Select(e => $"{e.Path}: {e.Message}");
        var more = errors.Count > MaxErrorsInDetail ? $"; and {errors.Count - MaxErrorsInDetail} more" : "";
        return string.Join("; ", shown) + more;
    }
}
