namespace PAI.Abstractions.Principals;

/// <summary>Who a valid API key authenticates, and what it may do.</summary>
/// <param name="KeyId">The key's id (never the secret).</param>
/// <param name="Principal">The principal the key acts for.</param>
/// <param name="Role">One of <see cref="PrincipalRoles"/>.</param>
/// <param name="Scopes">The stored scope string (<see cref="ApiKeyScopes.Format"/>); null for no restriction.</param>
[GenerateSerializer, Immutable]
public sealed record ApiKeyIdentity(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Principal,
    [property: Id(2)] string Role,
    [property: Id(3)] string? Scopes);
