using System.Security.Claims;
using PAI.Abstractions.Principals;

namespace PAI.Host.Auth;

/// <summary>Reads PAI's claims and answers what the caller may see and do (see <see cref="PrincipalRoles"/>).</summary>
public static class PrincipalExtensions
{
    /// <summary>The claim type holding the role.</summary>
    public const string RoleClaim = ClaimTypes.Role;

    /// <summary>The principal's name (the owner of what it creates).</summary>
    public static string PrincipalName(this ClaimsPrincipal user) => user.Identity?.Name ?? throw new InvalidOperationException("unauthenticated");

    /// <summary>The key's role.</summary>
    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? PrincipalRoles.ReadOnly;

    /// <summary>True for admin keys (keys, the whole audit log).</summary>
    public static bool IsAdmin(this ClaimsPrincipal user) => user.Role() == PrincipalRoles.Admin;

    /// <summary>True when the key sees and acts on every principal's goals and schedules (admin, operator).</summary>
    public static bool SeesEveryPrincipal(this ClaimsPrincipal user) => PrincipalRoles.SeesEveryPrincipal(user.Role());

    /// <summary>True when something owned by <paramref name="owner"/> exists for this caller (otherwise it is a 404).</summary>
    public static bool CanSee(this ClaimsPrincipal user, string owner) => user.SeesEveryPrincipal() || owner == user.PrincipalName();

    /// <summary>True when the key may change anything.</summary>
    public static bool CanWrite(this ClaimsPrincipal user) => PrincipalRoles.CanWrite(user.Role());

    /// <summary>True when the key may approve or reject steps.</summary>
    public static bool CanApprove(this ClaimsPrincipal user) => PrincipalRoles.CanApprove(user.Role());

    /// <summary>The key's scopes (unrestricted when it has none).</summary>
    public static ApiKeyScopes Scopes(this ClaimsPrincipal user) => ApiKeyScopes.Parse(user.FindFirstValue(PaiClaims.Scopes));

    /// <summary>The id of the key that made the request.</summary>
    public static string? KeyId(this ClaimsPrincipal user) => user.FindFirstValue(PaiClaims.KeyId);
}
