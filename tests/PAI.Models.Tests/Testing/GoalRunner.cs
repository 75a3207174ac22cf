using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Testing.Models;

namespace PAI.Models.Tests.Testing;

/// <summary>Submits goals and waits for them; builds the scripted planner's and agents' rules.</summary>
public static class GoalRunner
{
    /// <summary>A new goal id.</summary>
    public static string NewId() => "g" + Guid.NewGuid().ToString("N");

    /// <summary>Submits and asserts acceptance.</summary>
    public static async Task<string> SubmitAsync(IGrainFactory grains, GoalSubmission submission)
    {
        var id = NewId();
        var result = await grains.GetGrain<IGoalGrain>(id).SubmitAsync(new SubmitGoalCommand("alice", submission, id));
        Assert.True(result.Outcome == SubmitOutcome.Accepted, $"submit: {result.Outcome} {string.Join("; ", result.Errors.Select(e => e.Path + ": " + e.Message))}");
        return id;
    }

    /// <summary>Waits until the goal has <paramref name="status"/> (or finished), polling; the timeout only guards against hangs.</summary>
    public static async Task<GoalView> WaitAsync(IGrainFactory grains, string id, Func<GoalView, bool>? until = null, TimeSpan? timeout = null)
    {
        until ??= g => g.Status.IsTerminal();
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var view = await grains.GetGrain<IGoalGrain>(id).GetAsync();
            if (view is not null && until(view))
            {
                return view;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"goal {id}: {view?.Status} {view?.Error}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A planner request for the goal whose title holds <paramref name="token"/>.</summary>
    public static bool IsPlanner(ScriptedRequest r, string token) => r.System.Contains("PAI's planner", StringComparison.Ordinal) && r.AllUser.Contains(token, StringComparison.Ordinal);

    /// <summary>An agent request whose task holds <paramref name="token"/>.</summary>
    public static bool IsAgent(ScriptedRequest r, string token) => !r.System.Contains("PAI's planner", StringComparison.Ordinal) && r.AllUser.Contains(token, StringComparison.Ordinal);

    /// <summary>A plan answer.</summary>
    public static ScriptedReply Plan(params JsonObject[] steps) => ScriptedReply.Json(new JsonObject { ["steps"] = new JsonArray(steps) });
}
