using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;

namespace PAI.Engine.Tests.Testing;

/// <summary>Builds plans and drives goals through the cluster client.</summary>
public static class Goals
{
    /// <summary>A step calling a tool.</summary>
    public static StepSpec Step(string id, string tool, JsonObject? with = null, string[]? dependsOn = null, RetrySpec? retry = null, TimeSpan? timeout = null) =>
        new(id, tool, null, (with ?? []).ToJsonString(), dependsOn ?? [], retry, timeout);

    /// <summary>A new unique goal id.</summary>
    public static string NewId() => "g" + Guid.NewGuid().ToString("N");

    /// <summary>Submits an explicit plan under a new id; returns the id once the goal is accepted.</summary>
    public static async Task<string> SubmitAsync(IGrainFactory grains, params StepSpec[] steps)
    {
        var id = NewId();
        await SubmitAsync(grains, id, steps);
        return id;
    }

    /// <summary>Submits an explicit plan under the id and asserts it was accepted.</summary>
    public static async Task SubmitAsync(IGrainFactory grains, string id, params StepSpec[] steps)
    {
        var submission = new GoalSubmission("test goal", null, null, null, new PlanSpec(steps), null);
        var result = await grains.GetGrain<IGoalGrain>(id).SubmitAsync(new SubmitGoalCommand("tester", submission, id));
        Assert.True(result.Outcome == SubmitOutcome.Accepted, $"submit: {result.Outcome} {string.Join("; ", result.Errors.Select(e => e.Path + ": " + e.Message))}");
    }

    /// <summary>Waits until the goal reaches a terminal status (or the timeout) and returns its view.</summary>
    public static async Task<GoalView> WaitFinishedAsync(IGrainFactory grains, string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            GoalView? view;
            try
            {
                view = await grains.GetGrain<IGoalGrain>(id).GetAsync();
            }
            catch (Exception ex) when (ex is OrleansException or PAI.Engine.Persistence.StaleActivationException && DateTime.UtcNow < deadline)
            {
                // A goal whose state write could not be made durable refuses to answer from memory; its next activation
                // answers from the store. A client polling over HTTP sees a 500 and asks again.
                await Task.Delay(20);
                continue;
            }

            if (view is not null && view.Status.IsTerminal())
            {
                return view;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"goal {id} did not finish in time: {view?.Status} [{string.Join(", ", view?.Steps.Select(s => s.Id + "=" + s.Status) ?? [])}]");
            }

            await Task.Delay(20);
        }
    }
}
