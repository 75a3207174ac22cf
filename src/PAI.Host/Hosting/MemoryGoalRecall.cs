using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Memory.Memories;
using PAI.Memory.WriteBack;
using PAI.Models.Planning;

namespace PAI.Host.Hosting;

/// <summary>
/// What the model planner is shown of what PAI knows: a hybrid search of the goal owner's memories with the goal's
/// title, description and inputs as the query (cut to <see cref="MaxQueryChars"/>, so a huge goal still asks a bounded
/// question), and the owner's current facts of the knowledge graph about the entities that text names
/// (<see cref="GoalRecall.FactsAsync"/>: bounded in count and size). Both are scoped to the goal's principal. The host
/// joins the two modules here, since neither the memory nor the model module knows the other.
/// </summary>
internal sealed class MemoryGoalRecall(MemoryService memories, GoalRecall recall) : IGoalMemoryRecall
{
    /// <summary>The longest query asked (memory refuses longer ones).</summary>
    public const int MaxQueryChars = 2000;

    /// <inheritdoc />
    public async Task<IReadOnlyList<RecalledMemory>> RecallAsync(string principal, GoalSubmission submission, int limit, int factLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var query = string.Join("\n", new[] { submission.Title, submission.Description, submission.Inputs }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (query.Length > MaxQueryChars)
        {
            query = query[..MaxQueryChars];
        }

        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        var recalled = new List<RecalledMemory>();
        if (limit > 0)
        {
            var result = await memories.SearchAsync(principal, new MemoryQuery(query, Math.Min(limit, 100)), cancellationToken);
            recalled.AddRange(result.Hits.Select(h => new RecalledMemory(h.Record.Id, h.Record.Text, h.Score, RecalledMemory.Memory)));
        }

        var facts = await recall.FactsAsync(principal, query, factLimit, cancellationToken);
        recalled.AddRange(facts.Select(f => new RecalledMemory(f.Id, f.Text, f.Score, RecalledMemory.Fact)));
        return recalled;
    }
}
