namespace PAI.Engine.Skills.Running;

/// <summary>A model phase asked for a person's approval: the run pauses at that phase (nothing is failed or cleaned up)
/// and resumes there once the step is approved.</summary>
internal sealed class ApprovalPendingException : Exception
{
    public ApprovalPendingException(string request) : base(request) { }

    public ApprovalPendingException() { }

    public ApprovalPendingException(string message, Exception inner) : base(message, inner) { }
}
