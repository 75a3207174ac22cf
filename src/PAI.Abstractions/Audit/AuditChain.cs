using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PAI.Abstractions.Audit;

/// <summary>The hash chain's arithmetic, shared by every store and the verifier.</summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>SHA-256 (lower-case hex) over the previous hash and every field of the entry, each length-prefixed so
    /// that no two different entries share an encoding.</summary>
    public static string Hash(long sequence, DateTimeOffset at, AuditRecord record, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(record);
        var builder = new StringBuilder(256);
        foreach (var field in new[]
        {
            previousHash,
            sequence.ToString(CultureInfo.InvariantCulture),
            at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            record.Kind, record.Principal, record.GoalId, record.StepId, record.Agent, record.Tool,
            record.ArgumentsDigest, record.Outcome, record.Detail,
        })
        {
            if (field is null)
            {
                builder.Append("-1:");
            }
            else
            {
                builder.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field);
            }

            builder.Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>SHA-256 (lower-case hex) of a tool call's arguments.</summary>
    public static string Digest(string arguments) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(arguments ?? "")));
}
