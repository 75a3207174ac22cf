using System.Globalization;
using PAI.Host.Apis;

namespace PAI.Host.Faults;

/// <summary>
/// Turns a store fault thrown by any endpoint into an honest answer: 507 (disk full) or 503 (read-only store,
/// database not answering) with <c>Retry-After</c> and problem details, and reports it to <see cref="StoreFaultState"/>
/// so <c>/readyz</c> turns unhealthy. Anything else is left to the general exception handler (a 500).
/// </summary>
public sealed class StorageFaultMiddleware(RequestDelegate next, StoreFaultState state)
{
    /// <summary>Runs the rest of the pipeline and answers store faults.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted
            && !context.RequestAborted.IsCancellationRequested
            && StorageFaultClassifier.Classify(ex) is { } fault)
        {
            state.ReportFromRequest(fault, context.Request.ContentLength);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await ApiProblems.Problem(fault.StatusCode, fault.Title, fault.Detail).ExecuteAsync(context);
        }
    }
}
