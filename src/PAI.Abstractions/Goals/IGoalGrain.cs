using Orleans.Concurrency;

namespace PAI.Abstractions.Goals;

/// <summary>Owns one goal: its plan, the status of every step, and the order in which they run. Key: goal id.</summary>
public interface IGoalGrain : IGrainWithStringKey
{
    /// <summary>Plans and stores the goal; returns once it is durable (or why it was refused).</summary>
    Task<SubmitGoalResult> SubmitAsync(SubmitGoalCommand command);

    /// <summary>The goal as the API shows it, or null when no such goal exists.</summary>
    Task<GoalView?> GetAsync();

    /// <summary>Cancels the goal and every running step; false when it was already finished or does not exist.</summary>
    Task<bool> CancelAsync(string principal);

    /// <summary>Makes sure an unfinished goal is making progress (called by the resume scan); false when no such goal exists.</summary>
    Task<bool> ResumeAsync();

    /// <summary>Records the final outcome of a step run; returns once that is durable.</summary>
    Task OnStepFinishedAsync(Steps.StepOutcome outcome);

    /// <summary>Records that a step run started an attempt (for the API's attempt count and events).</summary>
    [AlwaysInterleave]
    Task OnStepAttemptAsync(string stepId, int attempt);

    /// <summary>Adds model usage to the goal's totals and answers where the goal stands against its budget (a report
    /// with no calls only asks); returns once the usage is durable.</summary>
    Task<Models.BudgetStatus> RecordModelUsageAsync(Models.ModelUsageReport report);

    /// <summary>Approves or rejects a step waiting for approval; the principal is recorded in the audit log.</summary>
    Task<ApprovalResult> DecideAsync(string stepId, string principal, bool approve);

    /// <summary>Sends a live event to the goal's subscribers now, without storing it (a model's output as it is
    /// generated: kind <c>output</c>, sequence 0).</summary>
    [AlwaysInterleave]
    [OneWay]
    Task PublishAsync(GoalEvent goalEvent);

    /// <summary>Subscribes an observer to the goal's transitions; call again within a minute to stay subscribed.</summary>
    Task SubscribeAsync(IGoalObserver observer);

    /// <summary>Removes an observer.</summary>
    Task UnsubscribeAsync(IGoalObserver observer);
}
