using System.Runtime.InteropServices;

namespace PAI.Engine.Skills.Publishing;

/// <summary>The two Linux calls an all-or-nothing folder publish needs that .NET does not expose: <c>statx</c> for a
/// folder's inode (which a rename keeps, so it tells "already moved" from "not yet"), and <c>renameat2</c> with
/// <c>RENAME_EXCHANGE</c> (swaps two folders in one step, so a replaced folder is never missing).</summary>
internal static partial class FileSystemNative
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;
    private const uint StatxIno = 0x100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int StatxSize = 256;
    private const int StatxInoOffset = 32;

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The inode number of <paramref name="path"/> (not following a final link); null when it does not exist
    /// or the platform cannot say.</summary>
    public static unsafe ulong? Inode(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxIno, buffer) != 0)
        {
            return null;
        }

        return *(ulong*)(buffer + StatxInoOffset);
    }

    /// <summary>Swaps <paramref name="a"/> and <paramref name="b"/> atomically; false when the file system or platform
    /// does not support it (the caller falls back to two renames).</summary>
    public static bool TryExchange(string a, string b) => OperatingSystem.IsLinux() && RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0;
}
