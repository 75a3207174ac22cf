using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PAI.Host.Apis;

namespace PAI.Host.Hosting;

/// <summary>
/// The limits on a request's target and headers, answered with problem details (414, 431) like every other error.
/// </summary>
/// <remarks>
/// Kestrel rejects a request whose line or headers exceed its own limits while parsing, before any middleware runs,
/// and writes that 400/414/431 itself with an empty body; no hook shapes it. So Kestrel's limits are set to
/// <see cref="KestrelFactor"/> times PAI's, and PAI enforces its own limits here, where it can answer properly.
/// Requests beyond Kestrel's outer limits, and bytes that are not HTTP at all, still get Kestrel's empty answer
/// (docs/api.md, "Errors").
/// </remarks>
public static class RequestLimits
{
    /// <summary>The longest request target (path and query) PAI answers, in bytes.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>The most header bytes (names and values) PAI accepts.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>The most header fields PAI accepts.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>How much larger Kestrel's own parser limits are than PAI's.</summary>
    public const int KestrelFactor = 4;

    /// <summary>Sets Kestrel's parser limits above PAI's, so PAI's checks see the request first.</summary>
    public static void ConfigureKestrel(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = MaxTargetBytes * KestrelFactor;
        limits.MaxRequestHeadersTotalSize = MaxHeaderBytes * KestrelFactor;
        limits.MaxRequestHeaderCount = MaxHeaderCount * KestrelFactor;
    }

    /// <summary>Answers 414 or 431 with problem details for requests over PAI's limits.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        if (target.Length > MaxTargetBytes)
        {
            await WriteAsync(context, StatusCodes.Status414RequestUriTooLong, "URI too long", $"the request target (path and query) is {target.Length} bytes; at most {MaxTargetBytes} are accepted");
            return;
        }

        var headers = context.Request.Headers;
        var fields = 0;
        long bytes = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                fields++;
                bytes += name.Length + (value?.Length ?? 0);
            }
        }

        if (fields > MaxHeaderCount || bytes > MaxHeaderBytes)
        {
            await WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large", $"the request has {fields} header fields and {bytes} header bytes; at most {MaxHeaderCount} fields and {MaxHeaderBytes} bytes are accepted");
            return;
        }

        await next(context);
    });

    private static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        // The client may be sending more than we want to read; don't keep the connection for another request.
        context.Response.Headers.Connection = "close";
        await ApiProblems.Problem(status, title, detail).ExecuteAsync(context);
    }
}
