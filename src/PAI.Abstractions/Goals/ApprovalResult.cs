namespace PAI.Abstractions.Goals;

/// <summary>What became of an approve or reject request.</summary>
public enum ApprovalResult
{
    /// <summary>The decision was recorded.</summary>
    Done,

    /// <summary>No such goal or step.</summary>
    NotFound,

    /// <summary>The step is not waiting for approval (already decided, not yet ready, or finished).</summary>
    NotWaiting,
}
