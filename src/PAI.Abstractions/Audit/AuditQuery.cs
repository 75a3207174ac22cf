namespace PAI.Abstractions.Audit;

/// <summary>Filters for reading the audit log; every filter is optional. Results are in ascending sequence order.</summary>
/// <param name="Principal">Only entries of this principal.</param>
/// <param name="GoalId">Only entries of this goal.</param>
/// <param name="Kind">Only entries of this kind.</param>
/// <param name="Since">Only entries appended at or after this time.</param>
/// <param name="AfterSequence">Only entries after this sequence number (paging, verification).</param>
/// <param name="Limit">At most this many entries.</param>
public sealed record AuditQuery(
    string? Principal = null,
    string? GoalId = null,
    string? Kind = null,
    DateTimeOffset? Since = null,
    long AfterSequence = 0,
    int Limit = 100);
