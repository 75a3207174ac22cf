using Microsoft.AspNetCore.Diagnostics;
using PAI.Host.Apis.Json;

namespace PAI.Host.Hosting;

/// <summary>
/// Fills in a readable <c>detail</c> for the problems ASP.NET Core writes itself (no route, wrong method, wrong media
/// type, a body Kestrel could not read), so every error says what went wrong, not just its status.
/// </summary>
public static class ProblemDetailsDefaults
{
    private const int MaxShown = 200;

    /// <summary>The <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/> callback.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        var error = context.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        problem.Detail = (problem.Status, error) switch
        {
            // Kestrel's own messages about the request's framing ("Bad chunk size data.", "Request body too large.").
            (_, BadHttpRequestException bad) => bad.Message,
            (StatusCodes.Status404NotFound, null) => $"there is nothing at '{Shorten(request.Path.Value)}'",
            (StatusCodes.Status405MethodNotAllowed, null) => $"{Shorten(request.Method)} is not allowed on '{Shorten(request.Path.Value)}'",
            (StatusCodes.Status415UnsupportedMediaType, null) => $"the body must be {StrictJsonBody.MediaType} (UTF-8); got {(string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type '{Shorten(request.ContentType)}'")}",
            (StatusCodes.Status500InternalServerError, not null) => "the request failed inside PAI; the host's log has the details",
            _ => null,
        };
    }

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length > MaxShown ? string.Concat(text.AsSpan(0, MaxShown), "…") : text;
}
