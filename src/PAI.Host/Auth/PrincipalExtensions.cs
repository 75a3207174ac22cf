using System.Security.Claims;

namespace PAI.Host.Auth;

/// <summary>Reads PAI's claims.</summary>
public static class PrincipalExtensions
{
    /// <summary>The claim type holding the role.</summary>
    public const string RoleClaim = ClaimTypes.Role;

    /// <summary>The principal's name (the owner of what it creates).</summary>
    public static string PrincipalName(this ClaimsPrincipal user) => user.Identity?.Name ?? throw new InvalidOperationException("unauthenticated");

    /// <summary>True for admin keys, which see every principal's goals.</summary>
    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole("admin");
}
