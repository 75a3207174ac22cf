using PAI.Abstractions.Tools;

namespace PAI.Engine.Tools;

/// <summary>Settings that replace a tool's own descriptor values (null: keep the tool's).</summary>
public sealed class ToolOverride
{
    /// <summary>The permission that once meant "needs approval"; refused so that a configuration relying on it fails
    /// loudly instead of silently losing its approval gate (approval has one name: <c>Approval</c>).</summary>
    public const string RetiredApprovalPermission = "dangerous";

    /// <summary>The permission: a name agents' allow-lists may use for the tool (e.g. <c>net.weather</c>).</summary>
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
        if (Permission == RetiredApprovalPermission)
        {
            throw new InvalidOperationException(
                $"tool '{descriptor.Name}': permission '{RetiredApprovalPermission}' no longer means approval; set Approval: true for a tool whose every call needs a person's approval");
        }

        if (Timeout is { } timeout && Invocation.InvocationLimits.CheckTimeout(timeout) is { } problem)
        {
            throw new InvalidOperationException($"tool '{descriptor.Name}' override: {problem}");
        }

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
