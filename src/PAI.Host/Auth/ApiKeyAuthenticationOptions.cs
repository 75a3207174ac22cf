using Microsoft.AspNetCore.Authentication;

namespace PAI.Host.Auth;

/// <summary>Options of the API-key scheme.</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>How long a verified key is trusted without another store look-up.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(1);
}
