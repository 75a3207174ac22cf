using System.Runtime.InteropServices;

namespace PAI.Gpu.Jobs;

/// <summary>libc's <c>kill</c>: signals a whole process group with a negative pid.</summary>
internal static partial class PosixNative
{
    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>Sends SIGKILL to every process in the group; false when the group is already empty.</summary>
    public static bool KillGroup(int processGroupId) => processGroupId > 1 && Kill(-processGroupId, SigKill) == 0;
}
