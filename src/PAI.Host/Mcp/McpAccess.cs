using System.Security.Claims;
using PAI.Host.Auth;

namespace PAI.Host.Mcp;

/// <summary>
/// What an MCP caller may do, in one place. Over HTTP a read-only key is stopped by the endpoint's policy (writes need
/// a role that may write); MCP's tools all arrive as POSTs to one endpoint, so that check is made per tool here, and
/// the handlers the tools call make the rest (who sees which goal, who may approve, scopes, quotas).
/// </summary>
public static class McpAccess
{
    /// <summary>True when the key may change anything (submit, cancel, approve or reject).</summary>
    public static bool CanWrite(ClaimsPrincipal user) => user.CanWrite();

    /// <summary>The tool error a key that may not write gets.</summary>
    public static ModelContextProtocol.Protocol.CallToolResult ReadOnly(ClaimsPrincipal user) =>
        McpToolResults.Forbidden($"a key with role '{user.Role()}' may read but not change anything");
}
