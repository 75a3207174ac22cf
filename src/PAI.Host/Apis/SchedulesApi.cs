using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Abstractions.Schedules;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;
using PAI.Host.Auth;
using PAI.Schedules;
using PAI.Schedules.Calendar;

namespace PAI.Host.Apis;

/// <summary>
/// <c>/api/schedules</c>: recurring goals. A schedule belongs to the principal that made it and is isolated as goals
/// are (another principal's schedule is a 404); the goals it fires are listed by <c>GET /api/goals?schedule={id}</c>.
/// </summary>
public static class SchedulesApi
{
    /// <summary>The list name in schedule-list cursors.</summary>
    public const string CursorList = "schedules";

    /// <summary>The longest schedule name.</summary>
    public const int MaxNameLength = 100;

    private const int MaxIdempotencyKeyLength = 200;

    /// <summary>Maps <c>/api/schedules</c>.</summary>
    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/schedules").WithTags("Schedules");
        api.MapPost("/", CreateAsync)
            .Accepts<ScheduleRequest>(StrictJsonBody.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/pause", (string id, ClaimsPrincipal user, IGrainFactory grains) => ChangeAsync(id, user, grains, pause: true)).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/resume", (string id, ClaimsPrincipal user, IGrainFactory grains) => ChangeAsync(id, user, grains, pause: false)).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>POST /api/schedules: 201 with the schedule and its next fire times. With Idempotency-Key, a retried request gets the same schedule.</summary>
    public static async Task<Results<Created<ScheduleResponse>, Ok<ScheduleResponse>, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        IGrainFactory grains,
        TimeProvider time,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return ApiProblems.Malformed("Invalid Idempotency-Key", [new("Idempotency-Key", $"the Idempotency-Key header must be 1-{MaxIdempotencyKeyLength} characters")]);
        }

        var read = await StrictJsonBody.ReadAsync<ScheduleRequest>(request, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Problem;
        }

        var body = read.Value;
        var errors = new List<FieldError>();
        var goal = GoalRequestParser.Parse(body.Goal, out var goalErrors);
        errors.AddRange(goalErrors.Select(e => new FieldError(Prefix("goal", e.Path), e.Message)));
        if (body.Goal.Schedule is not null)
        {
            errors.Add(new("goal.schedule", "a schedule's goal cannot have a schedule of its own"));
        }

        var definition = Definition(body.Name, body.Cron, body.Every, body.TimeZone, body.Overlap, body.Misfire, goal, time.GetUtcNow(), "", errors);
        return await StoreAsync(definition, errors, user, grains, idempotencyKey, read.Body);
    }

    /// <summary>
    /// A goal submission with <c>schedule</c> (a cron expression, UTC): the schedule is created instead of a goal, with
    /// the default policies, and answered as <c>POST /api/schedules</c> answers.
    /// </summary>
    public static async Task<Results<Created<ScheduleResponse>, Ok<ScheduleResponse>, ProblemHttpResult>> CreateFromGoalAsync(
        GoalSubmission submission,
        ReadOnlyMemory<byte> body,
        ClaimsPrincipal user,
        IGrainFactory grains,
        TimeProvider time,
        string? idempotencyKey)
    {
        var errors = new List<FieldError>();
        var name = submission.Title.Length > MaxNameLength ? submission.Title[..MaxNameLength] : submission.Title;
        var definition = Definition(name, submission.Schedule, null, null, null, null, submission with { Schedule = null }, time.GetUtcNow(), "", errors, cronPath: "schedule");
        return await StoreAsync(definition, errors, user, grains, idempotencyKey, body);
    }

    /// <summary>GET /api/schedules?limit=&amp;cursor=: oldest first; admin and operator keys see every principal's.</summary>
    public static async Task<Results<Ok<Page<ScheduleResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user,
        IGrainFactory grains,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor)
    {
        var errors = new List<FieldError>();
        var page = PageQuery.Parse(limit, cursor, CursorList, 2, errors);
        ScheduleDirectoryEntry? after = null;
        if (page.After is [var ticks, var lastId])
        {
            if (long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTimeOffset.MaxValue.UtcTicks && ScheduleGoalIds.IsScheduleId(lastId))
            {
                after = new ScheduleDirectoryEntry(lastId, "", "", new DateTimeOffset(t, TimeSpan.Zero));
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
        var entries = await grains.GetGrain<IScheduleDirectoryGrain>(0).ListAsync(owner, after, page.Limit + 1);
        var views = await Task.WhenAll(entries.Take(page.Limit).Select(e => grains.GetGrain<IScheduleGrain>(e.Id).GetAsync()));
        var next = entries.Count > page.Limit
            ? PageCursor.Encode(CursorList, entries[page.Limit - 1].CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), entries[page.Limit - 1].Id)
            : null;
        return TypedResults.Ok(new Page<ScheduleResponse>(views.OfType<ScheduleView>().Select(ScheduleResponse.From).ToList(), next));
    }

    /// <summary>GET /api/schedules/{id}.</summary>
    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var view = await FindAsync(id, user, grains);
        return view is null ? NotFound(id) : TypedResults.Ok(ScheduleResponse.From(view));
    }

    /// <summary>DELETE /api/schedules/{id}: 204; the goals it submitted stay.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var view = await FindAsync(id, user, grains);
        if (view is null || !await grains.GetGrain<IScheduleGrain>(id).DeleteAsync(user.PrincipalName()))
        {
            return NotFound(id);
        }

        return TypedResults.NoContent();
    }

    /// <summary>POST /api/schedules/{id}/pause or /resume: 200 with the schedule.</summary>
    public static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> ChangeAsync(string id, ClaimsPrincipal user, IGrainFactory grains, bool pause)
    {
        if (await FindAsync(id, user, grains) is null)
        {
            return NotFound(id);
        }

        var grain = grains.GetGrain<IScheduleGrain>(id);
        var view = pause ? await grain.PauseAsync(user.PrincipalName()) : await grain.ResumeAsync(user.PrincipalName());
        return view is null ? NotFound(id) : TypedResults.Ok(ScheduleResponse.From(view));
    }

    /// <summary>The schedule if it exists and the caller may see it.</summary>
    public static async Task<ScheduleView?> FindAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!ScheduleGoalIds.IsScheduleId(id))
        {
            return null;
        }

        var view = await grains.GetGrain<IScheduleGrain>(id).GetAsync();
        return view is not null && user.CanSee(view.Owner) ? view : null;
    }

    private static async Task<Results<Created<ScheduleResponse>, Ok<ScheduleResponse>, ProblemHttpResult>> StoreAsync(
        ScheduleDefinition? definition,
        List<FieldError> errors,
        ClaimsPrincipal user,
        IGrainFactory grains,
        string? idempotencyKey,
        ReadOnlyMemory<byte> body)
    {
        if (definition is null || errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid schedule", errors);
        }

        if (user.Scopes().Refusals(definition.Goal) is { Count: > 0 } outOfScope)
        {
            return ApiProblems.Forbidden("the schedule's goal uses tools or skills outside this key's scopes", outOfScope.Select(e => new FieldError(Prefix("goal", e.Path), e.Message)).ToList());
        }

        // The goal is planned once now, so that a schedule that could never fire is refused at once, not at each fire.
        var plan = await grains.GetGrain<IPlannerGrain>(0).PlanAsync(definition.Goal);
        // A free-form goal (Deferred) is planned by the model at each fire; it is valid here when nothing is wrong so far.
        if (!plan.IsValid && !(plan.Deferred && plan.Errors.Count == 0))
        {
            return ApiProblems.Invalid("Invalid schedule", plan.Errors.Select(e => new FieldError(Prefix("goal", e.Path), e.Message)).ToList());
        }

        var principal = user.PrincipalName();
        var id = idempotencyKey is null ? ScheduleGoalIds.NewScheduleId() : ScheduleGoalIds.ScheduleIdFor(principal, idempotencyKey);
        var digest = Convert.ToHexStringLower(SHA256.HashData(body.Span));
        var result = await grains.GetGrain<IScheduleGrain>(id).CreateAsync(principal, definition, digest);
        return result.Outcome switch
        {
            SubmitOutcome.Accepted => TypedResults.Created($"/api/schedules/{id}", ScheduleResponse.From(result.View!)),
            SubmitOutcome.Duplicate => TypedResults.Ok(ScheduleResponse.From(result.View!)),
            SubmitOutcome.Conflict => ApiProblems.Conflict("Idempotency-Key reused", $"the Idempotency-Key was already used for schedule '{id}' with a different body"),
            _ => ApiProblems.Conflict("Too many schedules", result.Error ?? "the schedule was refused"),
        };
    }

    /// <summary>Checks every field of a schedule; null with <paramref name="errors"/> naming the fields when any is wrong.</summary>
    private static ScheduleDefinition? Definition(
        string name,
        string? cron,
        string? every,
        string? timeZone,
        string? overlap,
        string? misfire,
        GoalSubmission? goal,
        DateTimeOffset now,
        string path,
        List<FieldError> errors,
        string cronPath = "cron")
    {
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            errors.Add(new(path + "name", $"'name' must be 1-{MaxNameLength} characters without control characters"));
        }

        TimeSpan? interval = null;
        if (every is not null)
        {
            if (every.Length <= 40 && DurationParser.TryParse(every, out var parsed))
            {
                interval = parsed;
            }
            else
            {
                errors.Add(new(path + "every", $"'{Shorten(every)}' is not a duration (use '30s', '15m', '1h' or '00:05:00')"));
            }
        }

        var calendarErrors = new List<PlanError>();
        if (every is null || interval is not null)
        {
            ScheduleCalendar.TryCreate(cron, interval, timeZone, now, calendarErrors);
        }

        errors.AddRange(calendarErrors.Select(e => new FieldError(path + (e.Path == "cron" ? cronPath : e.Path), e.Message)));
        var overlapPolicy = overlap switch
        {
            null or "skip" => OverlapPolicy.Skip,
            "queue" => OverlapPolicy.Queue,
            "allow" => OverlapPolicy.Allow,
            _ => (OverlapPolicy?)null,
        };
        if (overlapPolicy is null)
        {
            errors.Add(new(path + "overlap", $"'{Shorten(overlap!)}' is not an overlap policy (skip, queue, allow)"));
        }

        var misfirePolicy = misfire switch
        {
            null or "runLatest" => MisfirePolicy.RunLatest,
            "skip" => MisfirePolicy.Skip,
            _ => (MisfirePolicy?)null,
        };
        if (misfirePolicy is null)
        {
            errors.Add(new(path + "misfire", $"'{Shorten(misfire!)}' is not a misfire policy (runLatest, skip)"));
        }

        return errors.Count > 0 || goal is null
            ? null
            : new ScheduleDefinition(name, cron, interval, timeZone ?? "UTC", goal, overlapPolicy!.Value, misfirePolicy!.Value);
    }

    private static string Prefix(string prefix, string path) => path is "$" or "" ? prefix : $"{prefix}.{path}";

    private static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound("Schedule not found", $"no schedule '{Shorten(id)}'");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
