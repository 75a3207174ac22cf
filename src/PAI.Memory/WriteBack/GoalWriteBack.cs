using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Knowledge;
using PAI.Memory.Graph;
using PAI.Memory.Memories;

namespace PAI.Memory.WriteBack;

/// <summary>
/// Goals write back: when a goal's terminal state is durable, its episode (what was asked, what ran, what it produced,
/// how it ended) goes into the owner's graph, linked to the goal, tools, skills and files it touched, and the same
/// text (or, with a model, its summary) into memory, scoped to the goal, so the next plan can recall it. With a model
/// registered for extraction, the facts it reads out of the episode are added to the same episode. Delivery is at
/// least once: the episode and memory ids derive from the goal id, so a second delivery stores nothing twice.
/// </summary>
public sealed partial class GoalWriteBack(KnowledgeGraphService graph, MemoryService memories, KnowledgeExtractor extractor, IOptions<GraphOptions> graphOptions, ILogger<GoalWriteBack> logger) : IGoalFinishedHandler
{
    /// <summary>Longest episode text, in characters (memories hold at most 8,000).</summary>
    public const int MaxText = 6000;

    /// <inheritdoc />
    public async Task OnGoalFinishedAsync(FinishedGoal goal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(goal);
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.goal_write_back");
        activity?.SetTag("pai.goal.id", goal.GoalId);
        var text = GoalEpisode.Describe(goal, MaxText);
        var facts = GoalEpisode.Facts(goal).ToList();
        string? summary = null;
        if (extractor.Enabled)
        {
            try
            {
                var extraction = await extractor.ExtractAsync(text, cancellationToken);
                summary = extraction?.Summary is { Length: > 0 } s ? (s.Length > 1000 ? s[..1000] : s) : null;
                var errors = new List<MemoryError>();
                foreach (var fact in extraction?.Facts ?? [])
                {
                    if (GraphValidation.ToAssertion(fact, "fact", goal.FinishedAt, graphOptions.Value, errors) is { } assertion)
                    {
                        facts.Add(assertion);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The model is an extra: without its answer the goal's own episode is still written.
                LogExtractionFailed(logger, ex, goal.GoalId);
            }
        }

        var episode = new EpisodeRecord(
            KnowledgeGraphService.EpisodeIdFor(goal.Owner, "goal\n" + goal.GoalId),
            goal.Owner,
            "goal",
            goal.GoalId,
            summary is null ? text : $"{summary}\n\n{text}",
            goal.FinishedAt,
            goal.FinishedAt);
        await graph.WriteAsync(new GraphWrite(episode, [GoalEpisode.GoalEntity(goal)], facts), cancellationToken);
        var metadata = new JsonObject { ["source"] = "goal", ["goal"] = goal.GoalId, ["status"] = goal.Status.ToString() }.ToJsonString();
        await memories.RememberAsync(goal.Owner, [new MemoryInput(summary is null ? text : summary + "\n" + text, metadata, goal.FinishedAt, Goal: goal.GoalId)], "goal-write-back\n" + goal.GoalId, cancellationToken);
        LogWroteBack(logger, goal.GoalId, facts.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Goal {GoalId} written back: episode with {Facts} facts, and a memory")]
    private static partial void LogWroteBack(ILogger logger, string goalId, int facts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Goal {GoalId}: extracting facts with the model failed; the episode is written without them")]
    private static partial void LogExtractionFailed(ILogger logger, Exception exception, string goalId);
}
