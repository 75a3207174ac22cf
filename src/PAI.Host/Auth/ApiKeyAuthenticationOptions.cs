using Microsoft.AspNetCore.Authentication;

namespace PAI.Host.Auth;

/// <summary>
/// Options of the API-key scheme. There is deliberately no cache here: each request asks the key's grain, which holds
/// the key in memory and is the only writer of its row, so a revoked key is refused by the next request on every silo.
/// </summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;
