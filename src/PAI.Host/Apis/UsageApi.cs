using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Auth;

namespace PAI.Host.Apis;

/// <summary>
/// <c>GET /api/usage</c>: what models cost a principal over a time window, in all, by model, by agent and by owner,
/// and the goals that used the most. The source is each goal's own usage record (what <c>GET /api/goals/{id}</c>
/// answers as <c>usage</c>), summed over the goals created in the window: a goal counts in full in the window it was
/// created in. PAI's own calls outside goals (a finished goal's knowledge extraction) are in no goal and not here.
/// </summary>
public static class UsageApi
{
    /// <summary>The longest window one answer sums.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(92);

    /// <summary>The window when <c>from</c> is left out: the week before <c>to</c>.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    /// <summary>The most goals one answer reads (newest first); beyond them the answer says it is truncated.</summary>
    public const int MaxGoals = 2000;

    /// <summary>How many goals are shown as using the most.</summary>
    public const int TopGoals = 15;

    private const int PageSize = 500;
    private const int Readers = 8;

    /// <summary>Maps <c>/api/usage</c>.</summary>
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/usage", GetAsync).WithTags("Usage").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The principal's model usage summed over the goals created in [<c>from</c>, <c>to</c>).</summary>
    public static async Task<Results<Ok<ModelUsageSummaryResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user,
        IGoalIndex index,
        IGrainFactory grains,
        TimeProvider time,
        [Description("Start of the window (ISO 8601 with an offset), inclusive; default a week before to. The window is at most 92 days.")] string? from,
        [Description("End of the window (ISO 8601 with an offset), exclusive; default now.")] string? to,
        [Description("Another principal, or * for every principal (admin and operator keys only); the caller's own when left out.")] string? principal,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var start = QueryTime.Parse(from, "from", errors);
        var end = QueryTime.Parse(to, "to", errors);
        if (principal is not null && principal != "*" && !PrincipalNames.IsValid(principal))
        {
            errors.Add(new("principal", "a principal is 1-100 letters, digits, '.', '_', '-' or '@', starting with a letter or digit; or * for every principal"));
        }

        if (errors.Count == 0)
        {
            end ??= time.GetUtcNow();
            start ??= end.Value - DefaultWindow;
            if (start >= end)
            {
                errors.Add(new("from", "must be before to"));
            }
            else if (end.Value - start.Value > MaxWindow)
            {
                errors.Add(new("from", $"the window may be at most {MaxWindow.TotalDays:0} days long"));
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid query", errors);
        }

        var name = principal ?? user.PrincipalName();
        if (name == "*" ? !user.SeesEveryPrincipal() : !user.CanSee(name))
        {
            // Another principal does not exist for this key (as with goals: 404, not 403).
            return ApiProblems.NotFound("Principal not found", "no usage of that principal for this key");
        }

        var (goals, truncated) = await GoalsCreatedInAsync(index, name == "*" ? null : name, start!.Value, end!.Value, cancellationToken);
        var tally = new ModelUsageTally(TopGoals);
        foreach (var view in await ReadAsync(grains, goals, cancellationToken))
        {
            tally.Add(view);
        }

        return TypedResults.Ok(ModelUsageSummaryResponse.Of(name, start.Value, end.Value, tally, truncated));
    }

    /// <summary>The ids of the goals created in [from, to), newest first, at most <see cref="MaxGoals"/>.</summary>
    private static async Task<(List<string> Ids, bool Truncated)> GoalsCreatedInAsync(IGoalIndex index, string? owner, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var ids = new List<string>();

        // Newest first: starting after (to, "") reads exactly the goals created before to.
        var after = new GoalIndexPosition(to, "");
        while (true)
        {
            var page = await index.ListAsync(new GoalIndexQuery(owner, null, PageSize, after), cancellationToken);
            foreach (var entry in page)
            {
                if (entry.CreatedAt < from)
                {
                    return (ids, false);
                }

                if (ids.Count == MaxGoals)
                {
                    return (ids, true);
                }

                ids.Add(entry.Id);
            }

            if (page.Count < PageSize)
            {
                return (ids, false);
            }

            after = new GoalIndexPosition(page[^1].CreatedAt, page[^1].Id);
        }
    }

    /// <summary>The goals' views, a few at a time; a goal removed meanwhile is left out.</summary>
    private static async Task<List<GoalView>> ReadAsync(IGrainFactory grains, List<string> ids, CancellationToken cancellationToken)
    {
        var views = new GoalView?[ids.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Readers, CancellationToken = cancellationToken },
            async (i, _) => views[i] = await grains.GetGrain<IGoalGrain>(ids[i]).GetAsync());
        return [.. views.OfType<GoalView>()];
    }
}
