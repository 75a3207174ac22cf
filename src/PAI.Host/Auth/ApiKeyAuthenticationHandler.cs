using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Principals;
using PAI.Principals.Keys;

namespace PAI.Host.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;api key&gt;</c>: the key's hash names its grain (see
/// <see cref="IApiKeyGrain"/>), which answers from memory; nothing is cached here, so revocation is immediate everywhere.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    IProblemDetailsService problems) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>Longest Authorization header value looked at; a longer one is refused without hashing it.</summary>
    private const int MaxHeaderLength = 1024;

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7 || header.Length > MaxHeaderLength)
        {
            return AuthenticateResult.Fail("the Authorization header must be 'Bearer <api key>'");
        }

        var hash = ApiKeys.Hash(header[7..].Trim());
        var identity = await grains.GetGrain<IApiKeyGrain>(ApiKeys.IdOf(hash)).AuthenticateAsync(hash);
        if (identity is null)
        {
            return AuthenticateResult.Fail("unknown API key");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, identity.Principal),
            new(ClaimTypes.Role, identity.Role),
            new(PaiClaims.KeyId, identity.KeyId),
        };
        if (identity.Scopes is { } scopes)
        {
            claims.Add(new Claim(PaiClaims.Scopes, scopes));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required", failure ?? "send 'Authorization: Bearer <api key>'");
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        var detail = PrincipalRoles.CanWrite(role)
            ? $"a key with role '{role}' may not do this"
            : $"a key with role '{role}' may read but not change anything";
        return WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", detail);
    }

    private Task WriteProblemAsync(int status, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
}
