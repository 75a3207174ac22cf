namespace PAI.Abstractions.Gpu;

/// <summary>Quality tier of a GPU job; each maps to a configured step count and so to a lease length.</summary>
[GenerateSerializer]
public enum GpuTier
{
    /// <summary>Quick, low-step work (20 steps by default).</summary>
    Draft = 0,

    /// <summary>The default (50 steps by default).</summary>
    Standard = 1,

    /// <summary>Long, high-step work (100 steps by default).</summary>
    High = 2,
}
