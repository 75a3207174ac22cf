using System.Diagnostics;
using System.Globalization;

namespace PAI.Testing;

/// <summary>
/// A small tmpfs mounted in a temporary folder, which a test can fill up or make read-only, so a full disk or a
/// read-only store is the real thing (ENOSPC, EROFS from the kernel), not a simulation. Needs root (or CAP_SYS_ADMIN)
/// on Linux; <see cref="UnavailableReason"/> says why not when the machine does not allow it. Linked into the test
/// projects as source.
/// </summary>
internal sealed class SmallFilesystem : IDisposable
{
    private const string FillerName = ".filler";
    private static readonly Lazy<string?> Unavailable = new(Probe);

    private SmallFilesystem(string path, long bytes)
    {
        Path = path;
        Bytes = bytes;
    }

    /// <summary>Where it is mounted.</summary>
    public string Path { get; }

    /// <summary>Its size.</summary>
    public long Bytes { get; }

    /// <summary>Why a tmpfs cannot be mounted here, or null when it can.</summary>
    public static string? UnavailableReason() => Unavailable.Value;

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> in a new temporary folder.</summary>
    public static SmallFilesystem Mount(long bytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pai-smallfs-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        try
        {
            Run("mount", "-t", "tmpfs", "-o", $"size={bytes.ToString(CultureInfo.InvariantCulture)},mode=0777", "tmpfs", path);
        }
        catch
        {
            Directory.Delete(path);
            throw;
        }

        return new SmallFilesystem(path, bytes);
    }

    /// <summary>Writes a filler file until the kernel answers ENOSPC: nothing more fits (not even a page).</summary>
    public void Fill()
    {
        var chunk = new byte[64 * 1024];
        try
        {
            using var filler = new FileStream(System.IO.Path.Combine(Path, FillerName), FileMode.Append, FileAccess.Write, FileShare.None, 1);
            while (true)
            {
                filler.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    /// <summary>Deletes the filler: the space is back.</summary>
    public void Free() => File.Delete(System.IO.Path.Combine(Path, FillerName));

    /// <summary>Remounts it read-only (files stay; every write fails with EROFS).</summary>
    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);

    /// <summary>Remounts it read-write.</summary>
    public void MakeWritable() => Run("mount", "-o", "remount,rw", Path);

    /// <summary>Unmounts it (lazily, in case a process still has files open) and deletes the folder.</summary>
    public void Dispose()
    {
        try
        {
            Run("umount", "-l", Path);
            Directory.Delete(Path);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            // Best effort: a temporary mount point.
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "mounting a small tmpfs needs Linux";
        }

        try
        {
            using var probe = Mount(64 * 1024);
            File.WriteAllText(System.IO.Path.Combine(probe.Path, "probe"), "x");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return $"cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN): {ex.Message.Split('\n')[0]}";
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}");
        }
    }
}

/// <summary>A fact that is skipped, with the reason, where a small tmpfs cannot be mounted.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class SmallFilesystemFactAttribute : FactAttribute
{
    public SmallFilesystemFactAttribute()
    {
        if (SmallFilesystem.UnavailableReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
