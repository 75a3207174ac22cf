namespace PAI.Engine.Goals;

/// <summary>What a command amounted to, for the caller's answer.</summary>
public enum GoalAnswer
{
    /// <summary>The command changed the goal.</summary>
    Applied,

    /// <summary>Nothing to do: a repeated report, a finished goal, a step that is not running.</summary>
    Ignored,

    /// <summary>Submit: a new goal was stored.</summary>
    Accepted,

    /// <summary>Submit: the same principal and body were stored before under this id.</summary>
    Duplicate,

    /// <summary>Submit: another body (or principal) was stored under this id.</summary>
    Conflict,

    /// <summary>Submit: refused (see <see cref="GoalTransition.Errors"/>); nothing is stored.</summary>
    Invalid,

    /// <summary>No such goal or step.</summary>
    NotFound,

    /// <summary>Approve/reject: the step is not waiting for approval.</summary>
    NotWaiting,

    /// <summary>Cancel: the goal had already finished.</summary>
    AlreadyFinished,
}
