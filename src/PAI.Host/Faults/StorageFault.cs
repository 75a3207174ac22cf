using Microsoft.AspNetCore.Http;

namespace PAI.Host.Faults;

/// <summary>A store failure that a client should retry later, with the HTTP answer it gets.</summary>
/// <param name="Kind">What failed.</param>
/// <param name="Reason">A short cause for people (the exception's message, without paths of other machines or secrets).</param>
public sealed record StorageFault(StorageFaultKind Kind, string Reason)
{
    /// <summary>507 when the disk is full, else 503.</summary>
    public int StatusCode => Kind == StorageFaultKind.DiskFull ? StatusCodes.Status507InsufficientStorage : StatusCodes.Status503ServiceUnavailable;

    /// <summary>
    /// Seconds a client should wait (<c>Retry-After</c>): a database restarts in seconds; a full or read-only disk
    /// waits for a person.
    /// </summary>
    public int RetryAfterSeconds => Kind == StorageFaultKind.Unavailable ? 5 : 30;

    /// <summary>The problem's title.</summary>
    public string Title => Kind switch
    {
        StorageFaultKind.DiskFull => "Insufficient storage",
        StorageFaultKind.ReadOnly => "Store is read-only",
        _ => "Store unavailable",
    };

    /// <summary>The problem's detail: what happened and what to do.</summary>
    public string Detail => Kind switch
    {
        StorageFaultKind.DiskFull => $"the disk under PAI's store or data folder is full ({Reason}); the request may not have taken effect: free space, then retry it (with the same Idempotency-Key)",
        StorageFaultKind.ReadOnly => $"PAI's store or data folder accepts no writes ({Reason}); the request may not have taken effect: retry it (with the same Idempotency-Key) once the store is writable again",
        _ => $"PAI's database did not answer ({Reason}); the request may not have taken effect: retry it (with the same Idempotency-Key) in a few seconds",
    };
}
