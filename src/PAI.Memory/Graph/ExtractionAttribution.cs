namespace PAI.Memory.Graph;

/// <summary>
/// Whom an extraction is for: its model calls are made on the principal's behalf (counted in its usage and against its
/// <c>MaxModelTokensPerDay</c>, tagged in telemetry), for a goal's write-back or a note.
/// </summary>
/// <param name="Principal">Whose text it is.</param>
/// <param name="GoalId">The finished goal whose episode is read, if any.</param>
/// <param name="NotePath">The note that is read, if any.</param>
public sealed record ExtractionAttribution(string Principal, string? GoalId = null, string? NotePath = null);
