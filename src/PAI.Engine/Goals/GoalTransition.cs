using PAI.Abstractions.Goals;

namespace PAI.Engine.Goals;

/// <summary>What <see cref="GoalMachine.Apply"/> decided: the effects to carry out, in order, and the answer.</summary>
/// <param name="Effects">Empty, or a <see cref="PersistState"/> first (preceded only by a <see cref="ReserveIndex"/>).</param>
/// <param name="Answer">What the command amounted to.</param>
/// <param name="Errors">Why a submission was refused.</param>
public sealed record GoalTransition(IReadOnlyList<GoalEffect> Effects, GoalAnswer Answer, IReadOnlyList<PlanError> Errors)
{
    /// <summary>No effects.</summary>
    public static GoalTransition None(GoalAnswer answer) => new([], answer, []);
}
