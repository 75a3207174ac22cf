namespace PAI.Abstractions.Principals;

/// <summary>Why a submission (or a model call) was refused by a quota, and when trying again may succeed.</summary>
/// <param name="Quota">Which quota: <c>runningGoals</c>, <c>stepsPerHour</c> or <c>modelTokensPerDay</c>.</param>
/// <param name="Message">One readable sentence.</param>
/// <param name="RetryAfter">A hint for the <c>Retry-After</c> header.</param>
[GenerateSerializer, Immutable]
public sealed record QuotaRefusal([property: Id(0)] string Quota, [property: Id(1)] string Message, [property: Id(2)] TimeSpan RetryAfter);
