using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace PAI.Memory.Notes;

/// <summary>
/// The bounded queue of note versions waiting for extraction (<see cref="NotesOptions.ExtractionQueueCapacity"/>). A
/// note write never waits for it: a request that finds the queue full is dropped, and the next reconcile of the notes
/// folder asks again for every version that has no extraction episode yet, as it does after a crash.
/// </summary>
public sealed class NoteExtractionQueue(IOptions<NotesOptions> options)
{
    private readonly Channel<NoteExtractionRequest> _channel = Channel.CreateBounded<NoteExtractionRequest>(
        new BoundedChannelOptions(Math.Max(1, options.Value.ExtractionQueueCapacity)) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Queues the request; false when the queue was full (reconciling asks again later).</summary>
    public bool TryEnqueue(NoteExtractionRequest request) => _channel.Writer.TryWrite(request);

    /// <summary>The requests, for the one worker.</summary>
    internal ChannelReader<NoteExtractionRequest> Reader => _channel.Reader;
}
