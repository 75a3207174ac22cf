using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Host.Auth;
using PAI.Principals.Quotas;

namespace PAI.Host.Apis;

/// <summary>The goals part of the HTTP contract v1.</summary>
public static class GoalsApi
{
    private const int MaxIdempotencyKeyLength = 200;

    /// <summary>Maps <c>/api/goals</c>.</summary>
    public static IEndpointRouteBuilder MapGoalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/goals").WithTags("Goals");
        api.MapPost("/", SubmitAsync);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id}", GetAsync);
        api.MapPost("/{id}/cancel", CancelAsync);
        api.MapGet("/{id}/events", EventsAsync);
        return app;
    }

    /// <summary>POST /api/goals: plan, store, 202. With Idempotency-Key, a retried request gets the same goal.</summary>
    public static async Task<Results<Accepted<SubmittedGoal>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        IGrainFactory grains,
        PrincipalQuotas quotas,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey)
    {
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", $"the Idempotency-Key header must be 1-{MaxIdempotencyKeyLength} characters");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var submission = GoalRequestParser.Parse(body.Span, out var shapeErrors);
        if (submission is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed goal", "the request body is not a valid goal", shapeErrors);
        }

        if (user.Scopes().Refusals(submission) is { Count: > 0 } outOfScope)
        {
            return ApiProblems.Forbidden("the goal uses tools or skills outside this key's scopes", outOfScope);
        }

        var principal = user.PrincipalName();
        var goalId = idempotencyKey is null ? NewGoalId() : GoalIdFor(principal, idempotencyKey);
        var digest = Convert.ToHexStringLower(SHA256.HashData(body.Span));

        // A retried submission of a goal that exists is answered as before, whatever the quota says now.
        await using var admission = await quotas.AdmitAsync(principal);
        if (admission.Refusal is { } refusal && (idempotencyKey is null || await grains.GetGrain<IGoalGrain>(goalId).GetAsync() is null))
        {
            return ApiProblems.QuotaExceeded(request.HttpContext, refusal);
        }

        var result = await grains.GetGrain<IGoalGrain>(goalId).SubmitAsync(new SubmitGoalCommand(principal, submission, digest));
        return result.Outcome switch
        {
            SubmitOutcome.Accepted or SubmitOutcome.Duplicate => TypedResults.Accepted($"/api/goals/{goalId}", new SubmittedGoal(goalId, result.Status)),
            SubmitOutcome.Conflict => Problem(StatusCodes.Status409Conflict, "Idempotency-Key reused", $"the Idempotency-Key was already used for goal '{goalId}' with a different body"),
            _ => Problem(StatusCodes.Status422UnprocessableEntity, "Invalid plan", string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")), result.Errors),
        };
    }

    /// <summary>GET /api/goals?status=&amp;limit=: newest first; admin and operator keys see every principal's goals.</summary>
    public static async Task<Results<Ok<IReadOnlyList<GoalIndexEntry>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user,
        IGoalIndex index,
        string? status,
        int? limit,
        CancellationToken cancellationToken)
    {
        GoalStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<GoalStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Problem(StatusCodes.Status400BadRequest, "Invalid status", $"'{status}' is not a goal status ({string.Join(", ", Enum.GetNames<GoalStatus>())})");
            }

            filter = parsed;
        }

        if (limit is < 1 or > 1000)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid limit", "limit must be between 1 and 1000");
        }

        var owner = user.SeesEveryPrincipal() ? null : user.PrincipalName();
        return TypedResults.Ok(await index.ListAsync(owner, filter, limit ?? 50, cancellationToken));
    }

    /// <summary>GET /api/goals/{id}.</summary>
    public static async Task<Results<Ok<GoalView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var view = await FindAsync(id, user, grains);
        return view is null ? NotFound(id) : TypedResults.Ok(view);
    }

    /// <summary>POST /api/goals/{id}/cancel: 202 when cancelled, 409 when already finished.</summary>
    public static async Task<Results<Accepted<SubmittedGoal>, ProblemHttpResult>> CancelAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var view = await FindAsync(id, user, grains);
        if (view is null)
        {
            return NotFound(id);
        }

        if (!await grains.GetGrain<IGoalGrain>(id).CancelAsync(user.PrincipalName()))
        {
            return Problem(StatusCodes.Status409Conflict, "Goal already finished", $"goal '{id}' is {view.Status} and cannot be cancelled");
        }

        return TypedResults.Accepted($"/api/goals/{id}", new SubmittedGoal(id, GoalStatus.Cancelled));
    }

    /// <summary>GET /api/goals/{id}/events: a <c>snapshot</c> event, then one event per transition until the goal finishes.</summary>
    public static async Task<IResult> EventsAsync(string id, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var view = await FindAsync(id, user, grains);
        return view is null ? NotFound(id) : TypedResults.ServerSentEvents(StreamAsync(id, view, grains, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(string id, GoalView snapshot, IGrainFactory grains, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var goal = grains.GetGrain<IGoalGrain>(id);
        var stream = new GoalEventStream();
        var reference = grains.CreateObjectReference<IGoalObserver>(stream);
        try
        {
            await goal.SubscribeAsync(reference);

            // Re-read after subscribing so that no transition falls between the snapshot and the stream.
            snapshot = await goal.GetAsync() ?? snapshot;
            yield return new SseItem<object>(snapshot, "snapshot");
            if (snapshot.Status.IsTerminal())
            {
                yield break;
            }

            using var resubscribe = new PeriodicTimer(TimeSpan.FromSeconds(30));
            var renew = resubscribe.WaitForNextTickAsync(cancellationToken).AsTask();
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = stream.Reader.WaitToReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(next, renew) == renew)
                {
                    await goal.SubscribeAsync(reference);
                    renew = resubscribe.WaitForNextTickAsync(cancellationToken).AsTask();
                    continue;
                }

                if (!await next)
                {
                    yield break;
                }

                while (stream.Reader.TryRead(out var e))
                {
                    if (e.Sequence <= 0)
                    {
                        continue;
                    }

                    yield return new SseItem<object>(e, e.Kind) { EventId = e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    if (e.Kind == "goal" && Enum.TryParse<GoalStatus>(e.Status, out var status) && status.IsTerminal())
                    {
                        yield break;
                    }
                }
            }
        }
        finally
        {
            try
            {
                await goal.UnsubscribeAsync(reference);
            }
            finally
            {
                grains.DeleteObjectReference<IGoalObserver>(reference);
            }
        }
    }

    private static async Task<GoalView?> FindAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (id.Length > 100)
        {
            return null;
        }

        var view = await grains.GetGrain<IGoalGrain>(id).GetAsync();
        return view is not null && user.CanSee(view.Owner) ? view : null;
    }

    private static string NewGoalId() => "g_" + Guid.CreateVersion7().ToString("N");

    /// <summary>The same principal and key always name the same goal, which is what makes retries safe.</summary>
    private static string GoalIdFor(string principal, string idempotencyKey) =>
        "g_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(principal + "\n" + idempotencyKey)))[..32];

    private static ProblemHttpResult NotFound(string id) => Problem(StatusCodes.Status404NotFound, "Goal not found", $"no goal '{id}'");

    private static ProblemHttpResult Problem(int status, string title, string detail, IReadOnlyList<PlanError>? errors = null)
    {
        var extensions = errors is { Count: > 0 }
            ? new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { path = e.Path, message = e.Message }).ToArray() }
            : null;
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }
}
