using System.Globalization;

namespace PAI.Gpu.Jobs;

/// <summary>
/// Kills a GPU job's process group left behind by a host that died (kill -9) while the job ran. The job's group id and
/// fencing token are checkpointed when it starts; the next attempt kills that group only if its leader is still the
/// same job (its environment holds that fencing token), so a recycled pid is never hit.
/// </summary>
internal static class OrphanedJobs
{
    /// <summary>The checkpoint value for a job: <c>"{pgid} {fencing token}"</c>.</summary>
    public static string Describe(int processGroupId, long fencingToken) =>
        string.Create(CultureInfo.InvariantCulture, $"{processGroupId} {fencingToken}");

    /// <summary>Kills the group described by <paramref name="checkpointed"/> when its leader is still that job;
    /// returns whether it did.</summary>
    public static bool Kill(string? checkpointed)
    {
        if (checkpointed?.Split(' ') is not [var pidText, var token]
            || !int.TryParse(pidText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            || pid <= 1)
        {
            return false;
        }

        try
        {
            var environment = File.ReadAllText($"/proc/{pid}/environ");
            return environment.Split('\0').Contains($"PAI_GPU_FENCING_TOKEN={token}", StringComparer.Ordinal) && PosixNative.KillGroup(pid);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone already (or not ours to read): nothing to kill.
            return false;
        }
    }
}
