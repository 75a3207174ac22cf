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
using PAI.Host.Apis.Feed;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;
using PAI.Host.Auth;
using PAI.Principals.Quotas;
using PAI.Schedules;

namespace PAI.Host.Apis;

/// <summary>The goals part of the HTTP contract v1 (docs/api.md).</summary>
public static class GoalsApi
{
    /// <summary>The list name in goal-list cursors.</summary>
    public const string CursorList = "goals";

    private const int MaxIdempotencyKeyLength = 200;

    private const int MaxTitleFilterLength = 200;

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
        api.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/counts", CountsAsync);
        api.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/cancel", CancelAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/events", EventsAsync)
            .Produces<GoalResponse>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// POST /api/goals: plan, store, 202. With Idempotency-Key, a retried request gets the same goal. With
    /// <c>schedule</c>, a schedule of the goal is made instead (201, as <c>POST /api/schedules</c> answers).
    /// </summary>
    public static async Task<Results<Accepted<SubmittedGoal>, Created<ScheduleResponse>, Ok<ScheduleResponse>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        IGrainFactory grains,
        PrincipalQuotas quotas,
        TimeProvider time,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (InvalidIdempotencyKey(idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var read = await StrictJsonBody.ReadAsync<GoalRequest>(request, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Problem;
        }

        if (read.Value!.Schedule is not null)
        {
            var submission = GoalRequestParser.Parse(read.Value, out var fieldErrors);
            if (submission is null)
            {
                return ApiProblems.Invalid("Invalid goal", fieldErrors);
            }

            var created = await SchedulesApi.CreateFromGoalAsync(submission, read.Body, user, grains, time, idempotencyKey);
            return created.Result switch
            {
                Created<ScheduleResponse> schedule => schedule,
                Ok<ScheduleResponse> existing => existing,
                ProblemHttpResult problem => problem,
                _ => throw new InvalidOperationException("unexpected schedule answer"),
            };
        }

        return (await AcceptAsync(read, idempotencyKey, request.HttpContext, user, grains, quotas)).Result switch
        {
            Accepted<SubmittedGoal> accepted => accepted,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("unexpected submit answer"),
        };
    }

    /// <summary>400 for an Idempotency-Key that is empty or too long; null for a good one (or none).</summary>
    public static ProblemHttpResult? InvalidIdempotencyKey(string? idempotencyKey) =>
        idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength }
            ? ApiProblems.Malformed("Invalid Idempotency-Key", [new("Idempotency-Key", $"the Idempotency-Key header must be 1-{MaxIdempotencyKeyLength} characters")])
            : null;

    /// <summary>
    /// Validates, plans and stores a goal whose body the strict reader has read (over HTTP or gRPC): the one path by
    /// which a goal is accepted.
    /// </summary>
    public static async Task<Results<Accepted<SubmittedGoal>, ProblemHttpResult>> AcceptAsync(
        StrictJsonRead<GoalRequest> read,
        string? idempotencyKey,
        HttpContext context,
        ClaimsPrincipal user,
        IGrainFactory grains,
        PrincipalQuotas quotas)
    {
        var submission = GoalRequestParser.Parse(read.Value!, out var fieldErrors);
        if (submission is null)
        {
            return ApiProblems.Invalid("Invalid goal", fieldErrors);
        }

        if (submission.Schedule is not null)
        {
            // Only POST /api/goals turns a goal with a schedule into a schedule (above); other doors make schedules
            // with their own calls.
            return ApiProblems.Invalid("Invalid goal", [new FieldError("schedule", "a schedule is made with POST /api/schedules")]);
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
            return ApiProblems.QuotaExceeded(context, refusal);
        }

        var result = await grains.GetGrain<IGoalGrain>(goalId).SubmitAsync(new SubmitGoalCommand(principal, submission, digest));
        return result.Outcome switch
        {
            SubmitOutcome.Accepted or SubmitOutcome.Duplicate => TypedResults.Accepted($"/api/goals/{goalId}", new SubmittedGoal(goalId, result.Status)),
            SubmitOutcome.Conflict => ApiProblems.Conflict("Idempotency-Key reused", $"the Idempotency-Key was already used for goal '{goalId}' with a different body"),
            _ => ApiProblems.Invalid("Invalid plan", result.Errors.Select(e => new FieldError(e.Path, e.Message)).ToList()),
        };
    }

    /// <summary>GET /api/goals?status=&amp;title=&amp;schedule=&amp;limit=&amp;cursor=: newest first; admin and operator keys see every principal's goals.</summary>
    public static async Task<Results<Ok<Page<GoalSummary>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user,
        IGoalIndex index,
        IGrainFactory grains,
        [Description("Only goals with this status.")] string? status,
        [Description("Only goals whose title contains this text, ignoring case (at most 200 characters).")] string? title,
        [Description("Only goals fired by this schedule.")] string? schedule,
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

        if (title is { Length: > MaxTitleFilterLength })
        {
            errors.Add(new("title", $"at most {MaxTitleFilterLength} characters"));
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

        string? prefix = null;
        if (schedule is not null)
        {
            if (await SchedulesApi.FindAsync(schedule, user, grains) is null)
            {
                return ApiProblems.NotFound("Schedule not found", $"no schedule '{(schedule.Length > 40 ? string.Concat(schedule.AsSpan(0, 40), "…") : schedule)}'");
            }

            prefix = ScheduleGoalIds.PrefixOf(schedule);
        }

        var owner = user.SeesEveryPrincipal() ? null : user.PrincipalName();
        var entries = await index.ListAsync(new GoalIndexQuery(owner, filter, page.Limit + 1, after, string.IsNullOrEmpty(title) ? null : title, prefix), cancellationToken);
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

    /// <summary>
    /// GET /api/goals/{id}/events: a <c>snapshot</c> event, then one event per transition until the goal finishes. With
    /// <c>Last-Event-ID</c> (or <c>?after=</c>), the events after that one instead (a snapshot when they are no longer
    /// kept). Every event's id is its position in the goal's feed.
    /// </summary>
    public static async Task<IResult> EventsAsync(
        string id,
        ClaimsPrincipal user,
        IGrainFactory grains,
        GoalFeed feed,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        [Description("Resume after this event id (as Last-Event-ID does).")] string? after,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var position = FeedPosition.Parse(after, "after", errors) ?? FeedPosition.Parse(lastEventId, "Last-Event-ID", errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid position", errors);
        }

        var view = await FindAsync(id, user, grains);
        return view is null ? NotFound(id) : TypedResults.ServerSentEvents(StreamAsync(feed, id, position, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(GoalFeed feed, string id, long? after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in feed.WatchAsync(id, after, cancellationToken))
        {
            // Live output has no id of its own: a client's Last-Event-ID stays the last transition's.
            var eventId = item.Event is { Sequence: <= 0 } ? null : item.Position.ToString(CultureInfo.InvariantCulture);
            yield return item.Snapshot is { } snapshot
                ? new SseItem<object>(GoalResponse.From(snapshot), "snapshot") { EventId = eventId }
                : new SseItem<object>(GoalEventResponse.From(item.Event!), item.Event!.Kind) { EventId = eventId };
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
