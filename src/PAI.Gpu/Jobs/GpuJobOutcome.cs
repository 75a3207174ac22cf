namespace PAI.Gpu.Jobs;

/// <summary>Why a GPU job ended.</summary>
public enum GpuJobOutcome
{
    /// <summary>The command exited by itself (see the exit code).</summary>
    Exited,

    /// <summary>The caller cancelled it.</summary>
    Cancelled,

    /// <summary>It ran past its timeout.</summary>
    TimedOut,

    /// <summary>Its lease was lost (heartbeat refused or unanswered until expiry).</summary>
    LeaseLost,
}
