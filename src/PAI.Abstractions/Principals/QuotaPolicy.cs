using PAI.Abstractions.Storage;

namespace PAI.Abstractions.Principals;

/// <summary>The quota decision itself: pure, so that it is tested without a silo or a store.</summary>
public static class QuotaPolicy
{
    /// <summary>The window of <see cref="QuotaLimits.MaxStepsPerHour"/>.</summary>
    public static readonly TimeSpan StepWindow = TimeSpan.FromHours(1);

    /// <summary>Null when one more goal may start; else which quota refuses it.</summary>
    /// <param name="principal">Who submits (for the message).</param>
    /// <param name="limits">The principal's limits.</param>
    /// <param name="usage">What the principal uses now.</param>
    /// <param name="pendingAdmissions">Goals admitted but not yet visible in <paramref name="usage"/>.</param>
    public static QuotaRefusal? Evaluate(string principal, QuotaLimits limits, PrincipalUsage usage, int pendingAdmissions)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(usage);
        var running = usage.UnfinishedGoals + pendingAdmissions;
        if (limits.MaxRunningGoals is { } maxRunning && running >= maxRunning)
        {
            return new QuotaRefusal(
                "runningGoals",
                $"principal '{principal}' has {running} unfinished goal(s); its quota is {maxRunning} at once",
                TimeSpan.FromSeconds(30));
        }

        if (limits.MaxStepsPerHour is { } maxSteps && usage.RecentSteps >= maxSteps)
        {
            return new QuotaRefusal(
                "stepsPerHour",
                $"principal '{principal}' submitted goals with {usage.RecentSteps} step(s) in the last hour; its quota is {maxSteps}",
                TimeSpan.FromMinutes(5));
        }

        return null;
    }
}
