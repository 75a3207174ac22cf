namespace PAI.Abstractions.Goals;

/// <summary>A submission together with who made it and a digest of the request body (for idempotency).</summary>
[GenerateSerializer, Immutable]
public sealed record SubmitGoalCommand(
    [property: Id(0)] string Principal,
    [property: Id(1)] GoalSubmission Submission,
    [property: Id(2)] string BodyDigest);
