using PAI.Abstractions.Goals;

namespace PAI.Engine.Goals;

/// <summary>The machine's answers in the words of the grain interface.</summary>
public static class GoalAnswerExtensions
{
    /// <summary>The answer to a submit.</summary>
    public static SubmitOutcome ToSubmitOutcome(this GoalAnswer answer) => answer switch
    {
        GoalAnswer.Accepted => SubmitOutcome.Accepted,
        GoalAnswer.Duplicate => SubmitOutcome.Duplicate,
        GoalAnswer.Conflict => SubmitOutcome.Conflict,
        _ => SubmitOutcome.Invalid,
    };

    /// <summary>The answer to an approval or rejection.</summary>
    public static ApprovalResult ToApprovalResult(this GoalAnswer answer) => answer switch
    {
        GoalAnswer.Applied => ApprovalResult.Done,
        GoalAnswer.NotFound => ApprovalResult.NotFound,
        _ => ApprovalResult.NotWaiting,
    };
}
