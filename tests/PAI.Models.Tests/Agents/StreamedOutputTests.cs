using System.Collections.Concurrent;
using PAI.Abstractions.Goals;
using PAI.Models.Tests.Testing;
using PAI.Testing.Models;
using static PAI.Models.Tests.Testing.GoalRunner;

namespace PAI.Models.Tests.Agents;

/// <summary>An agent's answer reaches the goal's watchers (what server-sent events relay) while it is generated.</summary>
[Collection(nameof(ModelSiloCollection))]
public sealed class StreamedOutputTests(ModelSilo silo)
{
    [Fact]
    public async Task AgentAnswer_IsPublishedToTheGoalsWatchers_AsOutputEventsThatAddUpToTheAnswer()
    {
        var token = Guid.NewGuid().ToString("N");
        var answer = string.Join("\n", Enumerable.Range(1, 12).Select(i => $"line {i} of the answer about {token}"));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.A.On(r => IsAgent(r, token), _ => ScriptedReply.Text(answer) with { Gate = gate.Task });
        var id = await SubmitAsync(silo.Grains, new GoalSubmission(
            $"stream {token}", null, null, null, new PlanSpec([new StepSpec("work", null, null, null, [], Task: $"explain {token}")]), null));
        await silo.A.WaitForAsync(r => IsAgent(r, token), TimeSpan.FromSeconds(60));

        var watcher = new Watcher();
        var reference = silo.Grains.CreateObjectReference<IGoalObserver>(watcher);
        var goal = silo.Grains.GetGrain<IGoalGrain>(id);
        await goal.SubscribeAsync(reference);
        gate.SetResult();
        var finished = await WaitAsync(silo.Grains, id);
        await goal.UnsubscribeAsync(reference);

        Assert.Equal(GoalStatus.Succeeded, finished.Status);
        var outputs = watcher.Events.Where(e => e.Kind == "output").ToList();
        Assert.True(outputs.Count > 1, $"{outputs.Count} output event(s)");
        Assert.All(outputs, e => Assert.Equal("work", e.StepId));
        // One-way notifications may overtake each other: the chunks are parts of the answer and add up to all of it.
        Assert.All(outputs, e => Assert.Contains(e.Detail!, answer, StringComparison.Ordinal));
        Assert.Equal(answer.Length, outputs.Sum(e => e.Detail!.Length));
    }

    private sealed class Watcher : IGoalObserver
    {
        public ConcurrentQueue<GoalEvent> Events { get; } = new();

        public Task OnGoalEventAsync(GoalEvent goalEvent)
        {
            Events.Enqueue(goalEvent);
            return Task.CompletedTask;
        }
    }
}
