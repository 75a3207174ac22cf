using Microsoft.AspNetCore.Authorization;
using PAI.Abstractions.Principals;

namespace PAI.Host.Auth;

/// <summary>
/// The authorization policies. <see cref="Access"/> is both the default and the fallback policy, so every endpoint
/// without its own policy gets it: an authenticated key, and a role that may write for anything but GET/HEAD/OPTIONS
/// (a read-only key reads, and changes nothing, on every endpoint there is and any added later).
/// </summary>
public static class PaiPolicies
{
    /// <summary>Authenticated; writes need a role that may write.</summary>
    public const string Access = "pai.access";

    /// <summary>Admin keys only (the keys API, the dashboard, audit verification).</summary>
    public const string Admin = "pai.admin";

    /// <summary>Adds the policies and makes <see cref="Access"/> the default and fallback.</summary>
    public static AuthorizationBuilder AddPaiPolicies(this AuthorizationBuilder builder)
    {
        var access = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new WriteNeedsWriterRequirement()).Build();
        builder.Services.AddSingleton<IAuthorizationHandler, WriteNeedsWriterRequirement>();
        return builder
            .AddPolicy(Access, access)
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(PrincipalRoles.Admin))
            .SetDefaultPolicy(access)
            .SetFallbackPolicy(access);
    }
}
