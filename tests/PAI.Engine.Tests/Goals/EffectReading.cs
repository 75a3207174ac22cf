using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Engine.Goals;

namespace PAI.Engine.Tests.Goals;

/// <summary>Reading a transition's effects in assertions.</summary>
internal static class EffectReading
{
    public static T Single<T>(this GoalTransition transition) where T : GoalEffect => Assert.Single(transition.Effects.OfType<T>());

    public static bool Has<T>(this GoalTransition transition) where T : GoalEffect => transition.Effects.OfType<T>().Any();

    public static IReadOnlyList<StepWork> Dispatched(this GoalTransition transition) =>
        transition.Effects.OfType<DispatchSteps>().SelectMany(d => d.Work).ToList();

    public static IReadOnlyList<string> DispatchedIds(this GoalTransition transition) =>
        transition.Dispatched().Select(w => w.StepId).ToList();

    public static IReadOnlyList<GoalEvent> Events(this GoalTransition transition) =>
        transition.Effects.OfType<EmitEvents>().SelectMany(e => e.Events).ToList();

    public static IReadOnlyList<string> Kinds(this GoalTransition transition) =>
        transition.Effects.Select(e => e.GetType().Name).ToList();
}
