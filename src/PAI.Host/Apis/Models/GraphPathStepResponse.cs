namespace PAI.Host.Apis.Models;

/// <summary>One step of a path: the fact and the entity it leads to.</summary>
public sealed record GraphPathStepResponse(FactResponse Fact, EntityResponse Entity);
