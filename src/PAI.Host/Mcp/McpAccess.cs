using System.Security.Claims;
using PAI.Host.Auth;

namespace PAI.Host.Mcp;

/// <summary>
/// What an MCP caller may do, in one place. The HTTP endpoints get the same answers from their authorization policy
/// and handlers; MCP's tools all arrive as POSTs to one endpoint, so the write check is made per tool here, and the
/// handlers the tools call make the rest (who sees which goal, who may approve).
/// </summary>
public static class McpAccess
{
    /// <summary>The roles that may change anything (submit, cancel, approve or reject).</summary>
    private static readonly string[] Writers = ["admin", "operator", "user"];

    /// <summary>True when the key may change anything.</summary>
    public static bool CanWrite(ClaimsPrincipal user) => Writers.Contains(user.FindFirstValue(PAI.Host.Auth.PrincipalExtensions.RoleClaim), StringComparer.Ordinal);

    /// <summary>The principal the call acts for.</summary>
    public static string Principal(ClaimsPrincipal user) => user.PrincipalName();
}
