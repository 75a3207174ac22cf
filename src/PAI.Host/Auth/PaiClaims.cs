namespace PAI.Host.Auth;

/// <summary>PAI's own claim types (the principal's name and role use the standard ones).</summary>
public static class PaiClaims
{
    /// <summary>The id of the key that authenticated the request.</summary>
    public const string KeyId = "pai:key";

    /// <summary>The key's scopes in stored form; absent for a key without restriction.</summary>
    public const string Scopes = "pai:scopes";
}
