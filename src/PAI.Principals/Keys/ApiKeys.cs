using System.Security.Cryptography;
using System.Text;

namespace PAI.Principals.Keys;

/// <summary>
/// Making and checking API keys. Keys are 256-bit random secrets, so one SHA-256 is enough to store them safely
/// (a slow password hash protects low-entropy secrets; these have none to protect). A key a person supplies through
/// <c>PAI_API_KEY</c> must be at least 24 characters for the same reason.
/// </summary>
public static class ApiKeys
{
    /// <summary>Shortest key accepted from configuration.</summary>
    public const int MinimumLength = 24;

    /// <summary>What every generated key starts with.</summary>
    public const string GeneratedPrefix = "pai_";

    /// <summary>How many characters of a generated key a listing shows: <c>pai_</c> and 4 of the 43 random ones (24 of 256 bits).</summary>
    public const int ShownPrefixLength = 8;

    /// <summary>A new random key: <c>pai_</c> and 43 URL-safe characters.</summary>
    public static string Generate() =>
        GeneratedPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The part of a generated key a listing may show; null for a key a person chose (its start may be guessable text).</summary>
    public static string? PrefixOf(string key, bool generated) => generated ? key[..ShownPrefixLength] : null;

    /// <summary>SHA-256 of the key, lowercase hex: what the store keeps.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The row id of a key: the first 16 hex digits of its hash.</summary>
    public static string IdOf(string keyHash) => keyHash[..16];

    /// <summary>Compares two hashes in constant time.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
