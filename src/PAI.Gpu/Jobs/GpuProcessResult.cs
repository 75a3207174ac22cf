namespace PAI.Gpu.Jobs;

/// <summary>How a process-group run ended.</summary>
/// <param name="ExitCode">The leader's exit code (-1 when killed).</param>
/// <param name="Killed">Whether the group was killed before the leader exited on its own.</param>
/// <param name="ProcessGroupId">The group id (the leader's pid).</param>
/// <param name="Tail">The last characters of stdout and stderr together.</param>
/// <param name="Duration">How long it ran.</param>
public sealed record GpuProcessResult(int ExitCode, bool Killed, int ProcessGroupId, string Tail, TimeSpan Duration);
