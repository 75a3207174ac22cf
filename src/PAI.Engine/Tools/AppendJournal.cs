using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>Where an append landed in its file.</summary>
/// <param name="Offset">Byte offset of the appended content.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="AlreadyApplied">True when this key had already appended (nothing was written now).</param>
public sealed record AppendResult(long Offset, long Length, bool AlreadyApplied);

/// <summary>Appends to workspace files exactly once per idempotency key, across retries, crashes and processes.</summary>
/// <remarks>
/// <para>Layout, per target file <c>F</c> (workspace-relative path <c>R</c>, <c>h = sha256(R)</c>):
/// <c>&lt;workspace&gt;/.pai/journal/h.log</c> holds lines <c>key\toffset\tlength</c> (key percent-encoded) and
/// rollback markers <c>!rollback\toffset\tlength</c> that cancel the entry just before them;
/// <c>&lt;workspace&gt;/.pai/locks/h.pai-lock</c> is the cross-process lock (opened with <see cref="FileShare.None"/>,
/// an exclusive <c>flock</c> on Unix), taken after an in-process <see cref="SemaphoreSlim"/> keyed by the full path.</para>
/// <para>Under the lock: (1) recovery: a torn last journal line (crash while writing it) is cut off; if the last live
/// entry claims bytes beyond the end of <c>F</c>, its content write was interrupted, so <c>F</c> is truncated back to the
/// entry's offset and a rollback marker is appended; (2) if a live entry has this key, its result is returned and nothing
/// is written; (3) otherwise <c>offset = length(F)</c>, the entry is appended and fsynced, then the content is written at
/// that offset and fsynced. When the content write fails (a full disk writes part of it, then fails), <c>F</c> is cut
/// back to the offset and a rollback marker appended before the error is reported, so a failed append leaves no torn
/// line behind; recovery (1) covers the case where even that cannot be done, and crashes.</para>
/// <para>Why exactly once: appends to one file are serialized by the lock, so at most the last entry can be incomplete,
/// and every holder repairs it before doing anything else. Consider a crash at any instant of step (3):
/// before the journal entry is durable, neither the entry nor any content exists, so the retry appends once;
/// after the entry is durable but before the content is complete, the entry's end lies beyond <c>F</c>'s length, so the
/// next holder (the retry or any other key) truncates the partial bytes and rolls the entry back, and the retry then
/// appends once; after the content is complete, the entry is live and complete, so the retry finds its key and writes
/// nothing. Because the entry is fsynced before the first content byte is written, content never exists without its
/// entry. Concurrent appends with other keys never interleave, so each lands whole at its recorded offset.</para>
/// <para>Assumptions: only this class appends to <c>F</c> (a <c>file.write</c> that replaces <c>F</c> invalidates
/// earlier offsets); after a power loss the file system does not report a length covering bytes it never stored.
/// Each call re-reads the journal (linear in the number of appends to that file), which keeps the state on disk
/// the only truth.</para>
/// </remarks>
public sealed class AppendJournal(TimeProvider timeProvider)
{
    private const string RollbackMarker = "!rollback";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> LocalLocks = new(StringComparer.Ordinal);

    /// <summary>Appends <paramref name="content"/> to <paramref name="fullPath"/> (inside <paramref name="realWorkspace"/>)
    /// unless <paramref name="key"/> already did.</summary>
    public async Task<AppendResult> AppendAsync(
        string realWorkspace, string fullPath, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var relative = WorkspacePath.ToRelative(realWorkspace, fullPath);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(relative)));
        var hidden = Path.Combine(realWorkspace, WorkspacePath.HiddenFolder);
        var journalPath = Path.Combine(hidden, "journal", hash + ".log");
        var lockPath = Path.Combine(hidden, "locks", hash + ".pai-lock");
        Directory.CreateDirectory(Path.GetDirectoryName(journalPath)!);
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);

        var local = LocalLocks.GetOrAdd(fullPath, _ => new SemaphoreSlim(1, 1));
        await local.WaitAsync(cancellationToken);
        try
        {
            await using var crossProcess = await AcquireFileLockAsync(lockPath, cancellationToken);
            return AppendLocked(journalPath, fullPath, key, content.Span);
        }
        finally
        {
            local.Release();
        }
    }

    private async Task<FileStream> AcquireFileLockAsync(string lockPath, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                // Held by another process: poll with a short, growing delay.
                var delay = TimeSpan.FromMilliseconds(Math.Min(5 * (attempt + 1), 100));
                await Task.Delay(delay, timeProvider, cancellationToken);
            }
        }
    }

    private static AppendResult AppendLocked(string journalPath, string fullPath, string key, ReadOnlySpan<byte> content)
    {
        using var journal = new FileStream(journalPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var entries = ReadJournal(journal);
        var fileLength = File.Exists(fullPath) ? new FileInfo(fullPath).Length : 0;

        // (1) Recovery of an interrupted content write (only the last entry can be one).
        if (entries.Count > 0 && entries[^1] is var last && last.Offset + last.Length > fileLength)
        {
            if (fileLength > last.Offset)
            {
                using var target = new FileStream(fullPath, FileMode.Open, FileAccess.Write, FileShare.Read);
                target.SetLength(last.Offset);
                target.Flush(flushToDisk: true);
            }

            WriteLine(journal, $"{RollbackMarker}\t{last.Offset.ToString(CultureInfo.InvariantCulture)}\t{last.Length.ToString(CultureInfo.InvariantCulture)}\n");
            entries.RemoveAt(entries.Count - 1);
            fileLength = Math.Min(fileLength, last.Offset);
        }

        // (2) Already done.
        var encodedKey = Uri.EscapeDataString(key);
        foreach (var entry in entries)
        {
            if (entry.Key == encodedKey)
            {
                return new AppendResult(entry.Offset, entry.Length, AlreadyApplied: true);
            }
        }

        // (3) Journal first, then content.
        var offset = fileLength;
        var journalLength = journal.Length;
        try
        {
            WriteLine(journal, $"{encodedKey}\t{offset.ToString(CultureInfo.InvariantCulture)}\t{content.Length.ToString(CultureInfo.InvariantCulture)}\n");
        }
        catch (IOException)
        {
            // No entry means no content was written; cut off whatever part of the line reached the journal.
            TryRestoreLength(journal, journalLength);
            throw;
        }

        try
        {
            using var target = new FileStream(fullPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
            target.Seek(offset, SeekOrigin.Begin);
            target.Write(content);
            target.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // A write that failed part-way (a full disk) leaves part of the content: take it back now, so the file
            // never shows a torn line, and cancel the entry. Should either fail too, the entry still claims bytes
            // beyond the file's end, and the next holder's recovery (1) finishes the job.
            RollBack(journal, fullPath, offset, content.Length);
            throw;
        }

        return new AppendResult(offset, content.Length, AlreadyApplied: false);
    }

    private static void RollBack(FileStream journal, string fullPath, long offset, long length)
    {
        try
        {
            using (var target = new FileStream(fullPath, FileMode.Open, FileAccess.Write, FileShare.Read))
            {
                if (target.Length > offset)
                {
                    target.SetLength(offset);
                }

                target.Flush(flushToDisk: true);
            }

            WriteLine(journal, $"{RollbackMarker}\t{offset.ToString(CultureInfo.InvariantCulture)}\t{length.ToString(CultureInfo.InvariantCulture)}\n");
        }
        catch (IOException)
        {
            // Left to recovery (see above); the caller reports the original failure.
        }
    }

    private static void TryRestoreLength(FileStream journal, long length)
    {
        try
        {
            journal.SetLength(length);
            journal.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // A torn last journal line is cut off by the next ReadJournal.
        }
    }

    private static void WriteLine(FileStream journal, string line)
    {
        journal.Seek(0, SeekOrigin.End);
        journal.Write(Encoding.UTF8.GetBytes(line));
        journal.Flush(flushToDisk: true);
    }

    /// <summary>Live entries in order; cuts a torn last line off the journal.</summary>
    private static List<JournalEntry> ReadJournal(FileStream journal)
    {
        journal.Seek(0, SeekOrigin.Begin);
        var bytes = new byte[journal.Length];
        journal.ReadExactly(bytes);
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (complete < bytes.Length)
        {
            journal.SetLength(complete);
            journal.Flush(flushToDisk: true);
        }

        var entries = new List<JournalEntry>();
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length != 3
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw new ToolException($"append journal '{journal.Name}' is corrupt: '{line}'", retryable: false);
            }

            if (parts[0] == RollbackMarker)
            {
                if (entries.Count > 0 && entries[^1].Offset == offset)
                {
                    entries.RemoveAt(entries.Count - 1);
                }

                continue;
            }

            entries.Add(new JournalEntry(parts[0], offset, length));
        }

        return entries;
    }

    private readonly record struct JournalEntry(string Key, long Offset, long Length);
}
