using Microsoft.Extensions.Logging;

namespace PAI.Engine.Persistence;

/// <summary>
/// Writes grain state so that a failed or ambiguous write never leaves the grain trusting memory the store may not hold.
/// </summary>
/// <remarks>
/// Orleans mutates <see cref="IPersistentState{TState}.State"/> before <c>WriteStateAsync</c> runs, so after a throw the
/// memory copy may be ahead of the store (the write failed) or equal to it (it committed, then the reply was lost).
/// Each write bumps <see cref="IRevisioned.Revision"/>; after a failure the writer reloads and compares revisions:
/// the intended revision means the write landed; the previous one means it did not, and it is written again over the
/// fresh ETag; anything else means another activation wrote (a zombie is being fenced off), which is fatal here.
/// Writes are coalesced: callers that arrive while a write is in flight share the next one.
/// </remarks>
public sealed partial class ResilientStateWriter<TState>(IPersistentState<TState> state, ILogger logger, TimeProvider time)
    where TState : class, IRevisioned
{
    private static readonly TimeSpan[] RetryDelays =
        [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    private TaskCompletionSource? _next;
    private bool _pumping;

    /// <summary>How many writes reached the store (for tests and benchmarks).</summary>
    public long Writes { get; private set; }

    /// <summary>Makes the current in-memory state durable; concurrent callers share one write.</summary>
    public Task WriteAsync()
    {
        var next = _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pumping)
        {
            // The pump takes _next synchronously, so hold on to the task before starting it.
            _ = PumpAsync();
        }

        return next.Task;
    }

    private async Task PumpAsync()
    {
        _pumping = true;
        try
        {
            while (_next is { } pending)
            {
                _next = null;
                try
                {
                    await WriteOnceAsync();
                    pending.SetResult();
                }
                catch (Exception ex)
                {
                    pending.SetException(ex);
                }
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    private async Task WriteOnceAsync()
    {
        var intended = state.State;
        var previousRevision = intended.Revision;
        intended.Revision = previousRevision + 1;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await state.WriteStateAsync();
                Writes++;
                return;
            }
            catch (Exception ex) when (attempt < RetryDelays.Length)
            {
                LogWriteFailed(logger, ex, intended.Revision, attempt + 1);
                await Task.Delay(RetryDelays[attempt], time);
                var stored = await ReloadAsync();
                if (stored is not null && stored.Revision == intended.Revision)
                {
                    // The ambiguous write committed: the stored copy is the one we meant to write.
                    state.State = intended;
                    return;
                }

                if ((stored is null && previousRevision != 0) || (stored is not null && stored.Revision != previousRevision))
                {
                    throw new StaleActivationException(
                        $"stored revision {stored?.Revision.ToString() ?? "(none)"} is neither {previousRevision} nor {intended.Revision}: another activation wrote this state");
                }

                // The write did not land: put our state back over the fresh ETag and try again.
                state.State = intended;
            }
        }
    }

    private async Task<TState?> ReloadAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await state.ReadStateAsync();
                return state.RecordExists ? state.State : null;
            }
            catch (Exception ex) when (attempt < RetryDelays.Length)
            {
                LogReloadFailed(logger, ex, attempt + 1);
                await Task.Delay(RetryDelays[attempt], time);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "State write of revision {Revision} failed (try {Attempt}); reloading to see what the store holds")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, long revision, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State reload failed (try {Attempt})")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, int attempt);
}
