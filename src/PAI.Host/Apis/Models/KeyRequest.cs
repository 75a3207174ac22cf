using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>The body of <c>POST /api/keys</c>.</summary>
public sealed record KeyRequest
{
    /// <summary>Who the key acts for.</summary>
    [Description("Who the key acts for: 1-100 letters, digits, '.', '_', '-' or '@', starting with a letter or digit. A new or an existing principal.")]
    public required string Principal { get; init; }

    /// <summary>The key's role.</summary>
    [Description("admin, operator (may approve), user (own goals only) or read-only.")]
    public required string Role { get; init; }

    /// <summary>Optional restriction to tools and skills.</summary>
    [Description("Optional: 'tool:<name>' and 'skill:<name>' entries; the key may then only use those.")]
    public IReadOnlyList<string>? Scopes { get; init; }
}
