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
/// <para>
/// When a write cannot be made durable (retries spent, the reload failed, or another activation owns the state) the
/// memory copy can no longer be trusted: the writer marks itself lost, refuses every later write (so nothing more is
/// acknowledged from that memory) and calls <c>onStateLost</c>, with which the grain deactivates itself; the next
/// activation reloads the state from the store, which is the only truth.
/// </para>
/// </remarks>
public sealed partial class ResilientStateWriter<TState>(IPersistentState<TState> state, ILogger logger, TimeProvider time, Action? onStateLost = null)
    where TState : class, IRevisioned
{
    private static readonly TimeSpan[] RetryDelays =
        [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    // Unique per activation: a stored write is ours only if it carries this id.
    private readonly string _writerId = Guid.NewGuid().ToString("N");
    private TaskCompletionSource? _next;
    private bool _pumping;
    private TState? _recovering;
    private TaskCompletionSource? _inFlight;

    /// <summary>How many writes reached the store (for tests and benchmarks).</summary>
    public long Writes { get; private set; }

    /// <summary>True while no write is waiting or under way: the in-memory state is what the store holds.</summary>
    public bool IsIdle => !IsLost && !_pumping && _next is null && _inFlight is null;

    /// <summary>True once a write could not be made durable: this memory copy must not be used any more.</summary>
    public bool IsLost { get; private set; }

    /// <summary>
    /// The grain's state: use this instead of <see cref="IPersistentState{TState}.State"/>. While a failed write is
    /// being checked, <c>ReadStateAsync</c> puts the reloaded copy into the persistent state for a while; a reentrant
    /// grain that changed that copy in between would lose its change when the intended copy is put back.
    /// </summary>
    public TState State => _recovering ?? state.State;

    /// <summary>Makes the current in-memory state durable; concurrent callers share one write.</summary>
    public Task WriteAsync()
    {
        if (IsLost)
        {
            return Task.FromException(Lost());
        }

        var next = _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pumping)
        {
            // The pump takes _next synchronously, so hold on to the task before starting it.
            _ = PumpAsync();
        }

        return next.Task;
    }

    /// <summary>
    /// Completes once every write asked for so far is durable: with the waiting write, else the one in flight, else at
    /// once; starts no write of its own. Throws when the state is lost. For answering from memory (a read, a repeated
    /// request) only what the store holds.
    /// </summary>
    public Task WhenDurableAsync() =>
        IsLost ? Task.FromException(Lost())
        : _next is { } next ? next.Task
        : _inFlight is { } inFlight ? inFlight.Task
        : Task.CompletedTask;

    private async Task PumpAsync()
    {
        _pumping = true;
        try
        {
            while (_next is { } pending)
            {
                _next = null;
                _inFlight = pending;
                if (IsLost)
                {
                    pending.SetException(Lost());
                    continue;
                }

                try
                {
                    await WriteOnceAsync();
                    pending.SetResult();
                }
                catch (Exception ex)
                {
                    MarkLost(ex);
                    pending.SetException(ex);
                }
            }
        }
        finally
        {
            _inFlight = null;
            _pumping = false;
        }
    }

    private void MarkLost(Exception ex)
    {
        if (IsLost)
        {
            return;
        }

        IsLost = true;
        LogStateLost(logger, ex);
        onStateLost?.Invoke();
    }

    private static StaleActivationException Lost() =>
        new("a state write of this activation could not be made durable; the grain is reactivating from the store");

    private async Task WriteOnceAsync()
    {
        var intended = state.State;
        var previousRevision = intended.Revision;
        var previousWriter = intended.WriterId;
        intended.Revision = previousRevision + 1;
        intended.WriterId = _writerId;
        try
        {
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

                    // From here until the intended copy is put back, the grain keeps working on it (see State).
                    _recovering = intended;
                    await Task.Delay(RetryDelays[attempt], time);
                    var stored = await ReloadAsync();
                    state.State = intended;
                    if (stored is not null && stored.Revision == intended.Revision && stored.WriterId == _writerId)
                    {
                        // The ambiguous write committed: the stored copy is the one we meant to write. (Changes made
                        // since then are in memory only; their callers asked for the next write, which the pump runs.)
                        return;
                    }

                    var unchanged = stored is null
                        ? previousRevision == 0
                        : stored.Revision == previousRevision && stored.WriterId == previousWriter;
                    if (!unchanged)
                    {
                        // Someone else wrote since we loaded (a newer activation: this one is a zombie). Writing our
                        // copy over the fresh ETag would roll their progress back; stop instead.
                        throw new StaleActivationException(
                            $"stored revision {stored?.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} by writer {stored?.WriterId ?? "(none)"} is neither our base ({previousRevision}) nor our write ({intended.Revision}): another activation wrote this state");
                    }

                    // The write did not land: write our state again over the fresh ETag.
                }
            }
        }
        finally
        {
            if (_recovering is not null)
            {
                state.State = intended;
                _recovering = null;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "State could not be made durable; dropping this activation so that the next one reloads from the store")]
    private static partial void LogStateLost(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State reload failed (try {Attempt})")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, int attempt);
}
