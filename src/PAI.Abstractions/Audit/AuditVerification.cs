namespace PAI.Abstractions.Audit;

/// <summary>The verifier's verdict.</summary>
/// <param name="Valid">True when every entry and the head check out.</param>
/// <param name="Checked">Entries read.</param>
/// <param name="FirstBadSequence">The first entry that does not check out (or where one is missing).</param>
/// <param name="Problem">What is wrong, readable.</param>
public sealed record AuditVerification(bool Valid, long Checked, long? FirstBadSequence, string? Problem);
