namespace PAI.Abstractions.Principals;

/// <summary>The answer to an admission: a ticket, or a refusal.</summary>
[GenerateSerializer, Immutable]
public sealed record QuotaAdmissionResult([property: Id(0)] Guid? Ticket, [property: Id(1)] QuotaRefusal? Refusal);
