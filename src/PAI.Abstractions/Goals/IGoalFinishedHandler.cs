namespace PAI.Abstractions.Goals;

/// <summary>
/// Called once a goal's terminal state is durable (registered in DI; zero or more). Delivery is at least once: a crash
/// or a failed handler makes the goal call every handler again later, so a handler must be idempotent per goal id.
/// </summary>
public interface IGoalFinishedHandler
{
    /// <summary>Handles a finished goal; a throw (or the timeout's cancellation) makes the goal deliver it again later.</summary>
    Task OnGoalFinishedAsync(FinishedGoal goal, CancellationToken cancellationToken);
}
