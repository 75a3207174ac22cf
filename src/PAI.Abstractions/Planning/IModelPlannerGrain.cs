namespace PAI.Abstractions.Planning;

/// <summary>
/// Plans one goal with a model (key: goal id), durably: the model's answers are stored as they arrive, so a crash
/// resumes the planning where it was and a plan already returned is never asked for again.
/// </summary>
public interface IModelPlannerGrain : IGrainWithStringKey
{
    /// <summary>Plans (or re-plans) the goal; calling again while planning joins the same work. Errors: the plan's
    /// validation errors after the last repair, or why the model could not be asked.</summary>
    Task<PlanResult> PlanAsync(ModelPlanRequest request);
}
