namespace PAI.Abstractions.Goals;

/// <summary>How a submission was received.</summary>
[GenerateSerializer]
public enum SubmitOutcome
{
    /// <summary>Stored as a new goal.</summary>
    Accepted = 0,
    /// <summary>The same idempotency key and body were seen before: the existing goal.</summary>
    Duplicate = 1,
    /// <summary>The idempotency key was used before with another body.</summary>
    Conflict = 2,
    /// <summary>The plan failed validation; nothing was stored.</summary>
    Invalid = 3,
}
