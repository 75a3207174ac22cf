using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>The optional body of <c>POST /api/goals/{id}/steps/{stepId}/approve</c> and <c>/reject</c>.</summary>
public sealed record ApprovalRequest
{
    /// <summary>The longest comment kept.</summary>
    public const int MaxCommentLength = 1000;

    /// <summary>Why: kept in the audit entry, and for a rejection in the step's error.</summary>
    [Description("Why (at most 1000 characters): kept in the audit entry, and for a rejection in the step's error.")]
    public string? Comment { get; init; }
}
