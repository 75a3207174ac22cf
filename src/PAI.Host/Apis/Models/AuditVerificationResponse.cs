using System.ComponentModel;
using PAI.Abstractions.Audit;

namespace PAI.Host.Apis.Models;

/// <summary>The verdict of <c>GET /api/audit/verify</c>.</summary>
public sealed record AuditVerificationResponse(
    [property: Description("True when every entry and the head check out.")] bool Valid,
    [property: Description("Entries read.")] long Checked,
    [property: Description("The first entry that does not check out, or where one is missing.")] long? FirstBadSequence,
    [property: Description("What is wrong.")] string? Problem)
{
    /// <summary>From the verifier's verdict.</summary>
    public static AuditVerificationResponse From(AuditVerification v) => new(v.Valid, v.Checked, v.FirstBadSequence, v.Problem);
}
