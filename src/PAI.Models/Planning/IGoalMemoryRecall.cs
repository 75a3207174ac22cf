using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;

namespace PAI.Models.Planning;

/// <summary>
/// Recalls what PAI remembers that is relevant to a new goal, for the planner to see (and the goal to show which it
/// used). Implemented by the memory module; when none is registered the planner recalls nothing.
/// </summary>
public interface IGoalMemoryRecall
{
    /// <summary>At most <paramref name="limit"/> memories of <paramref name="principal"/> relevant to the submission.</summary>
    Task<IReadOnlyList<RecalledMemory>> RecallAsync(string principal, GoalSubmission submission, int limit, CancellationToken cancellationToken);
}
