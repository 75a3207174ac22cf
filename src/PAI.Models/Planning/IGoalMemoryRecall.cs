using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;

namespace PAI.Models.Planning;

/// <summary>
/// Recalls what PAI remembers that is relevant to a new goal, for the planner to see (and the goal to show which it
/// used): memories, and the current facts of the knowledge graph about entities the goal names
/// (<see cref="RecalledMemory.Kind"/> <c>fact</c>). Implemented by the host over the memory module; when none is
/// registered the planner recalls nothing.
/// </summary>
public interface IGoalMemoryRecall
{
    /// <summary>
    /// At most <paramref name="limit"/> memories of <paramref name="principal"/> relevant to the submission, then at most
    /// <paramref name="factLimit"/> of its current facts about entities the submission names; nothing of another principal.
    /// </summary>
    Task<IReadOnlyList<RecalledMemory>> RecallAsync(string principal, GoalSubmission submission, int limit, int factLimit, CancellationToken cancellationToken);
}
