using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PAI.Memory.Notes;

/// <summary>
/// Reads the <see cref="NoteExtractionQueue"/> one request at a time and has <see cref="NotesService.ExtractAsync"/>
/// read the note version's facts with the model. A failure is logged and the worker goes on; the note stays without an
/// extraction episode, so a later reconcile asks again.
/// </summary>
public sealed partial class NoteExtractionWorker(NoteExtractionQueue queue, NotesService notes, ILogger<NoteExtractionWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await notes.ExtractAsync(request, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, ex, request.Path);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what was queued is asked again by the next start's reconcile.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extracting facts from note {Path} failed; the next reconcile tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception, string path);
}
