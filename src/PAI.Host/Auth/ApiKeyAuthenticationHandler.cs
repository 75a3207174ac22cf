using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Storage;

namespace PAI.Host.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;api key&gt;</c> against hashed keys in the store.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyStore keys,
    TimeProvider time,
    IProblemDetailsService problems) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    private static readonly ConcurrentDictionary<string, (ApiKeyRecord Record, DateTimeOffset Until)> Verified = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return AuthenticateResult.Fail("the Authorization header must be 'Bearer <api key>'");
        }

        var hash = ApiKeys.Hash(header[7..].Trim());
        var now = time.GetUtcNow();
        if (!Verified.TryGetValue(hash, out var cached) || cached.Until < now)
        {
            var record = await keys.FindAsync(ApiKeys.IdOf(hash), Context.RequestAborted);
            if (record is null || !ApiKeys.HashesEqual(record.SecretHash, hash))
            {
                return AuthenticateResult.Fail("unknown API key");
            }

            cached = (record, now + Options.CacheDuration);
            Verified[hash] = cached;
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, cached.Record.Principal), new Claim(ClaimTypes.Role, cached.Record.Role), new Claim("pai:key", cached.Record.KeyId)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = failure ?? "send 'Authorization: Bearer <api key>'",
            },
        });
    }
}
