using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>Settings that replace a tool's own descriptor values (null: keep the tool's).</summary>
public sealed class ToolOverride
{
    /// <summary>The permission (e.g. <c>dangerous</c>).</summary>
    public string? Permission { get; set; }

    /// <summary>Rate limit: calls per window.</summary>
    public int? RateLimitPermits { get; set; }

    /// <summary>Rate limit window.</summary>
    public TimeSpan? RateLimitWindow { get; set; }

    /// <summary>Rate limit per principal (true, default) or global.</summary>
    public bool? RateLimitPerPrincipal { get; set; }

    /// <summary>Refuse calls over the limit (true) or delay them (false, default).</summary>
    public bool? RateLimitRefuse { get; set; }

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Output cap in bytes.</summary>
    public long? MaxOutputBytes { get; set; }

    /// <summary>Every call needs approval.</summary>
    public bool? Approval { get; set; }

    /// <summary>The descriptor with this override applied.</summary>
    public ToolDescriptor Apply(ToolDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var limit = descriptor.RateLimit;
        if (RateLimitPermits is { } permits)
        {
            limit = new ToolRateLimit(permits, RateLimitWindow ?? limit?.Window ?? TimeSpan.FromSeconds(1), RateLimitPerPrincipal ?? limit?.PerPrincipal ?? true, RateLimitRefuse ?? limit?.Refuse ?? false);
        }

        return descriptor with
        {
            Permission = Permission ?? descriptor.Permission,
            RateLimit = limit,
            DefaultTimeout = Timeout ?? descriptor.DefaultTimeout,
            MaxOutputBytes = MaxOutputBytes ?? descriptor.MaxOutputBytes,
            Approval = Approval ?? descriptor.Approval,
        };
    }
}
