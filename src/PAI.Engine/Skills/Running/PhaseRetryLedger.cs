using PAI.Engine.Invocation;

namespace PAI.Engine.Skills.Running;

/// <summary>A phase call's failed attempts, kept in the run's state so its retry budget survives a restart.</summary>
internal sealed class PhaseRetryLedger(SkillRunState run, string key, ISkillRunHost host) : IRetryLedger
{
    public int FailedAttempts => run.PhaseFailures.GetValueOrDefault(key);

    public Task RecordFailureAsync(string error)
    {
        run.PhaseFailures[key] = FailedAttempts + 1;
        return host.SaveAsync();
    }
}
