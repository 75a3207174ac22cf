using System.ComponentModel;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;
using PAI.Host.Auth;
using PAI.Principals.Quotas;

namespace PAI.Host.Apis;

/// <summary>The goals part of the HTTP contract v1 (docs/api.md).</summary>
public static class GoalsApi
{
    /// <summary>The list name in goal-list cursors.</summary>
    public const string CursorList = "goals";

    private const int MaxIdempotencyKeyLength = 200;

    /// <summary>Maps <c>/api/goals</c>.</summary>
    public static IEndpointRouteBuilder MapGoalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/goals").WithTags("Goals");
        api.MapPost("/", SubmitAsync)
            .Accepts<GoalRequest>(StrictJsonBody.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/counts", CountsAsync);
        api.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/cancel", CancelAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/events", EventsAsync)
            .Produces<GoalResponse>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>POST /api/goals: plan, store, 202. With Idempotency-Key, a retried request gets the same goal.</summary>
    public static async Task<Results<Accepted<SubmittedGoal>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        IGrainFactory grains,
        PrincipalQuotas quotas,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return ApiProblems.Malformed("Invalid Idempotency-Key", [new("Idempotency-Key", $"the Idempotency-Key header must be 1-{MaxIdempotencyKeyLength} characters")]);
        }

        var read = await StrictJsonBody.ReadAsync<GoalRequest>(request, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Problem;
        }

        var submission = GoalRequestParser.Parse(read.Value, out var fieldErrors);
        if (submission is null)
        {
            return ApiProblems.Invalid("Invalid goal", fieldErrors);
        }

        if (user.Scopes().Refusals(submission) is { Count: > 0 } outOfScope)
        {
            return ApiProblems.Forbidden("the goal uses tools or skills outside this key's scopes", outOfScope.Select(e => new FieldError(e.Path, e.Message)).ToList());
        }

        var principal = user.PrincipalName();
        var goalId = idempotencyKey is null ? NewGoalId() : GoalIdFor(principal, idempotencyKey);
        var digest = Convert.ToHexStringLower(SHA256.HashData(read.Body.Span));

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
            SubmitOutcome.Conflict => ApiProblems.Conflict("Idempotency-Key reused", $"the Idempotency-Key was already used for goal '{goalId}' with a different body"),
            _ => ApiProblems.Invalid("Invalid plan", result.Errors.Select(e => new FieldError(e.Path, e.Message)).ToList()),
        };
    }

    /// <summary>GET /api/goals?status=&amp;limit=&amp;cursor=: newest first; admin and operator keys see every principal's goals.</summary>
    public static async Task<Results<Ok<Page<GoalSummary>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user,
        IGoalIndex index,
        [Description("Only goals with this status.")] string? status,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        GoalStatus? filter = null;
        if (status is not null)
        {
            if (Enum.TryParse<GoalStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                filter = parsed;
            }
            else
            {
                var shown = status.Length > 40 ? string.Concat(status.AsSpan(0, 40), "…") : status;
                errors.Add(new("status", $"'{shown}' is not a goal status ({string.Join(", ", Enum.GetNames<GoalStatus>())})"));
            }
        }

        var page = PageQuery.Parse(limit, cursor, CursorList, 2, errors);
        GoalIndexPosition? after = null;
        if (page.After is [var ticks, var lastId])
        {
            if (long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTimeOffset.MaxValue.UtcTicks)
            {
                after = new GoalIndexPosition(new DateTimeOffset(t, TimeSpan.Zero), lastId);
            }
            else
            {
                errors.Add(new("cursor", "the cursor is not one this API issued"));
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid query", errors);
        }

        var owner = user.SeesEveryPrincipal() ? null : user.PrincipalName();
        var entries = await index.ListAsync(new GoalIndexQuery(owner, filter, page.Limit + 1, after), cancellationToken);
        string? next = null;
        if (entries.Count > page.Limit)
        {
            var last = entries[page.Limit - 1];
            next = PageCursor.Encode(CursorList, last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), last.Id);
        }

        return TypedResults.Ok(new Page<GoalSummary>(entries.Take(page.Limit).Select(GoalSummary.From).ToList(), next));
    }

    /// <summary>GET /api/goals/counts: how many goals the caller can see, per status.</summary>
    public static async Task<Ok<GoalCounts>> CountsAsync(ClaimsPrincipal user, IGoalIndex index, CancellationToken cancellationToken)
    {
        var owner = user.SeesEveryPrincipal() ? null : user.PrincipalName();
        return TypedResults.Ok(GoalCounts.From(await index.CountByStatusAsync(owner, cancellationToken)));
    }

    /// <summary>GET /api/goals/{id}.</summary>
    public static async Task<Results<Ok<GoalResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var view = await FindAsync(id, user, grains);
        return view is null ? NotFound(id) : TypedResults.Ok(GoalResponse.From(view));
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
            return ApiProblems.Conflict("Goal already finished", $"goal '{id}' is {view.Status} and cannot be cancelled");
        }

        return TypedResults.Accepted($"/api/goals/{id}", new SubmittedGoal(id, GoalStatus.Cancelled));
    }

    /// <summary>GET /api/goals/{id}/events: a <c>snapshot</c> event, then one event per transition until the goal finishes.</summary>
    public static async Task<IResult> EventsAsync(string id, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var view = await FindAsync(id, user, grains);
        return view is null ? NotFound(id) : TypedResults.ServerSentEvents(StreamAsync(id, view, grains, cancellationToken));
    }

    /// <summary>The goal's events as server-sent events: a <c>snapshot</c>, then every transition until it finishes
    /// (also read by MCP's watchers, through <see cref="Mcp.IGoalWatcher"/>).</summary>
    internal static async IAsyncEnumerable<SseItem<object>> StreamAsync(string id, GoalView snapshot, IGrainFactory grains, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var goal = grains.GetGrain<IGoalGrain>(id);
        var stream = new GoalEventStream();
        var reference = grains.CreateObjectReference<IGoalObserver>(stream);
        try
        {
            await goal.SubscribeAsync(reference);

            // Re-read after subscribing so that no transition falls between the snapshot and the stream.
            snapshot = await goal.GetAsync() ?? snapshot;
            yield return new SseItem<object>(GoalResponse.From(snapshot), "snapshot");
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
                    if (e.Kind == "output")
                    {
                        // Live model output: not a transition, so it has no sequence and no event id.
                        yield return new SseItem<object>(GoalEventResponse.From(e), e.Kind);
                        continue;
                    }

                    if (e.Sequence <= 0)
                    {
                        continue;
                    }

                    yield return new SseItem<object>(GoalEventResponse.From(e), e.Kind) { EventId = e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };
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

    private static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound("Goal not found", $"no goal '{Shorten(id)}'");

    private static string Shorten(string text) => text.Length > 100 ? string.Concat(text.AsSpan(0, 100), "…") : text;
}
