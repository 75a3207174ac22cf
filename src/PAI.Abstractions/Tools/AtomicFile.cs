namespace PAI.Abstractions.Tools;

/// <summary>
/// How a tool replaces a file so that a reader (and a crash) sees the old bytes or the new ones, never a mix: the bytes
/// go to a hidden temporary file in the same folder (same file system, so the rename is atomic), are flushed, then
/// renamed over the target. A process killed in between leaves the temporary file behind; it is recognisable by its
/// name (<see cref="IsLeftover"/>) and is never output: a publish removes such files from what it publishes
/// (<see cref="RemoveLeftovers"/>).
/// </summary>
public static class AtomicFile
{
    /// <summary>The marker every temporary file's name carries.</summary>
    public const string Marker = ".pai-tmp";

    /// <summary>A fresh temporary path beside <paramref name="target"/>, hidden, keeping its extension (a command that
    /// picks a format by extension still does).</summary>
    public static string TempPathFor(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}{Marker}{Path.GetExtension(target)}");

    /// <summary>Whether <paramref name="path"/> names a temporary file of an unfinished write.</summary>
    public static bool IsLeftover(string path)
    {
        var name = Path.GetFileName(path.AsSpan());
        return name.StartsWith(".", StringComparison.Ordinal) && name.Contains(Marker, StringComparison.Ordinal);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="target"/> atomically, creating its folder.</summary>
    public static async Task WriteAsync(string target, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = TempPathFor(target);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Deletes the temporary files a killed write left anywhere under <paramref name="folder"/>; returns how
    /// many. Nothing happens when the folder does not exist.</summary>
    public static int RemoveLeftovers(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, $"*{Marker}*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (IsLeftover(file))
            {
                File.Delete(file);
                removed++;
            }
        }

        return removed;
    }
}
