using System.Text.Json;
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
/// registered for extraction, the facts it reads out of the episode are added to the same episode (ADD-only, with the
/// goal's episode as their provenance; extraction is bounded and its failure recorded, never fatal). Delivery is at
/// least once: the episode and memory ids derive from the goal id, so a second delivery stores nothing twice.
/// </summary>
public sealed partial class GoalWriteBack(KnowledgeGraphService graph, MemoryService memories, KnowledgeExtractor extractor, IOptions<GraphOptions> graphOptions, ILogger<GoalWriteBack> logger) : IGoalFinishedHandler
{
    /// <summary>Longest episode text, in characters (memories hold at most 8,000).</summary>
    public const int MaxText = 6000;

    /// <summary>Longest summary kept from the model, in characters.</summary>
    public const int MaxSummary = 1000;

    /// <inheritdoc />
    public async Task OnGoalFinishedAsync(FinishedGoal goal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(goal);
        if (!graphOptions.Value.WriteBackGoals)
        {
            LogSkipped(logger, goal.GoalId);
            return;
        }

        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.goal_write_back");
        activity?.SetTag("pai.goal.id", goal.GoalId);
        var text = GoalEpisode.Describe(goal, MaxText);
        var facts = GoalEpisode.Facts(goal).ToList();
        string? summary = null;
        if (extractor.Enabled)
        {
            // Bounded: a failing or slow model is given up after its attempts, recorded on the goal's entity
            // (knowledge_extraction = "failed"), and the episode is written without the model's facts, so a model
            // failure never makes the write-back fail and be delivered again forever.
            // On the owner's behalf: the tokens count in its usage and quota; a refused call (quota) is recorded as such.
            var outcome = await extractor.ExtractBoundedAsync(text, new ExtractionAttribution(goal.Owner, GoalId: goal.GoalId), cancellationToken);
            if (outcome.Extraction is { } extraction)
            {
                summary = extraction.Summary is { Length: > 0 } s ? (s.Length > MaxSummary ? s[..MaxSummary] : s) : null;
                var modelFacts = ExtractedFacts.ToAssertions(extraction, goal.FinishedAt, graphOptions.Value);
                facts.AddRange(modelFacts);

                // Provenance in the graph too: the goal mentions what the model read out of its episode.
                facts.AddRange(ExtractedFacts.Mentions(GoalEpisode.GoalEntity(goal), modelFacts, goal.FinishedAt));
            }
            else if (outcome.Failure is not null)
            {
                facts.Add(new FactAssertion(GoalEpisode.GoalEntity(goal), "knowledge_extraction", null, JsonSerializer.Serialize(outcome.Failure == "refused" ? "refused" : "failed"), goal.FinishedAt, null, true));
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Goal {GoalId} not written back (Pai:Memory:Graph:WriteBackGoals is off)")]
    private static partial void LogSkipped(ILogger logger, string goalId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Goal {GoalId} written back: episode with {Facts} facts, and a memory")]
    private static partial void LogWroteBack(ILogger logger, string goalId, int facts);
}
