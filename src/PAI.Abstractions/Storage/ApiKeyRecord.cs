namespace PAI.Abstractions.Storage;

/// <summary>A stored API key: only a hash of the secret is kept.</summary>
/// <param name="KeyId">The public part of the key, used to find the row.</param>
/// <param name="Principal">Who the key authenticates.</param>
/// <param name="SecretHash">SHA-256 of the secret part, hex.</param>
/// <param name="Role"><c>admin</c> or <c>user</c>.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record ApiKeyRecord(string KeyId, string Principal, string SecretHash, string Role, DateTimeOffset CreatedAt);
