namespace PAI.Abstractions.Goals;

/// <summary>
/// Called once a goal's terminal state is durable (registered in DI; zero or more). Delivery is at least once: a crash
/// or a failed handler makes the goal call every handler again later, so a handler must be idempotent per goal id.
/// Handlers run one after another on the goal's activation (which stays responsive: it is reentrant), within
/// <c>Pai:Engine:FinishedHandlerTimeout</c>; heavy work belongs in a grain or a queue the handler hands it to.
/// </summary>
public interface IGoalFinishedHandler
{
    /// <summary>Handles a finished goal; a throw (or the timeout's cancellation) makes the goal deliver it again later.</summary>
    Task OnGoalFinishedAsync(FinishedGoal goal, CancellationToken cancellationToken);
}
