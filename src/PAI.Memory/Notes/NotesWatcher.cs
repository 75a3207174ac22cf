using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PAI.Memory.Notes;

/// <summary>
/// Keeps the index in line with what a person does in the notes folder: at start-up it reconciles the whole folder
/// (content hashes against the index, deletions included); then a <see cref="FileSystemWatcher"/> reports changes,
/// each file is re-indexed once it has been quiet for <see cref="NotesOptions.Debounce"/> (editors save in bursts),
/// and anything that is not one note (a folder renamed or deleted, a lost event) reconciles its principal's folder.
/// Without a watcher (the system's limit reached), or if one misses events, the periodic reconcile still catches up.
/// </summary>
public sealed partial class NotesWatcher(NotesService notes, IOptions<NotesOptions> options, TimeProvider time, ILogger<NotesWatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(string Principal, string? Path), DateTimeOffset> _due = new();
    private volatile bool _reconcileAll;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notes.Enabled)
        {
            return;
        }

        var settings = options.Value;
        Directory.CreateDirectory(notes.Files.Root);
        using var watcher = TryWatch(notes.Files.Root);
        await ReconcileAsync(null, stoppingToken);
        // Without a watcher the reconcile is the only way edits are seen, so it runs every few seconds.
        var interval = watcher is null ? TimeSpan.FromSeconds(Math.Min(5, settings.ReconcileInterval.TotalSeconds)) : settings.ReconcileInterval;
        var nextReconcile = time.GetUtcNow() + interval;
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(settings.Debounce.TotalMilliseconds / 4, 20, 250));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = time.GetUtcNow();
            if (_reconcileAll || now >= nextReconcile)
            {
                _reconcileAll = false;
                _due.Clear();
                nextReconcile = now + interval;
                await ReconcileAsync(null, stoppingToken);
                continue;
            }

            foreach (var (key, due) in _due)
            {
                if (due > now || !_due.TryRemove(new KeyValuePair<(string, string?), DateTimeOffset>(key, due)))
                {
                    continue;
                }

                try
                {
                    if (key.Path is null)
                    {
                        await notes.ReconcileAsync(key.Principal, stoppingToken);
                    }
                    else
                    {
                        await notes.IndexFileAsync(key.Principal, key.Path, stoppingToken);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogIndexFailed(logger, ex, key.Path ?? "(folder)");
                }
            }
        }
    }

    private FileSystemWatcher? TryWatch(string root)
    {
        try
        {
            var watcher = new FileSystemWatcher(root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Changed += (_, e) => Touch(e.FullPath);
            watcher.Created += (_, e) => Touch(e.FullPath);
            watcher.Deleted += (_, e) => Touch(e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                Touch(e.OldFullPath);
                Touch(e.FullPath);
            };
            watcher.Error += (_, e) =>
            {
                LogWatcherError(logger, e.GetException());
                _reconcileAll = true;
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            LogNoWatcher(logger, ex, options.Value.ReconcileInterval);
            return null;
        }
    }

    private void Touch(string fullPath)
    {
        if (notes.Files.Locate(fullPath) is not { } located || Path.GetFileName(fullPath).StartsWith('.'))
        {
            return;
        }

        // A note is re-indexed on its own; anything else (a folder) has its principal's folder reconciled.
        var key = NotePaths.Check(located.Path) is null ? (located.Principal, (string?)located.Path) : (located.Principal, null);
        _due[key] = time.GetUtcNow() + options.Value.Debounce;
    }

    private async Task ReconcileAsync(string? principal, CancellationToken cancellationToken)
    {
        try
        {
            var changed = await notes.ReconcileAsync(principal, cancellationToken);
            if (changed > 0)
            {
                LogReconciled(logger, changed);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogIndexFailed(logger, ex, "(reconcile)");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notes reconciled with the folder: {Changed} notes indexed or removed")]
    private static partial void LogReconciled(ILogger logger, int changed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexing note {Path} failed; the next change or reconcile tries again")]
    private static partial void LogIndexFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notes folder watcher lost events; reconciling the whole folder")]
    private static partial void LogWatcherError(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No file watcher for the notes folder; edits are picked up by the reconcile every {Interval}")]
    private static partial void LogNoWatcher(ILogger logger, Exception exception, TimeSpan interval);
}
