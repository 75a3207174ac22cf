namespace PAI.Host.Apis;

/// <summary>The answer to an approve or reject request.</summary>
public sealed record ApprovalDecision(string Id, string StepId, string Decision, string? Comment);
