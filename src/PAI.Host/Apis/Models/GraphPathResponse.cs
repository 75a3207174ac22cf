using PAI.Memory.Graph;

namespace PAI.Host.Apis.Models;

/// <summary>A shortest path: each step's fact (walked either way) and the entity it leads to; <c>steps</c> null when none within <c>maxDepth</c>.</summary>
public sealed record GraphPathResponse(EntityResponse From, EntityResponse To, IReadOnlyList<GraphPathStepResponse>? Steps, int MaxDepth)
{
    /// <summary>The view of a path.</summary>
    public static GraphPathResponse Of(GraphPathResult path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new(
            EntityResponse.From(path.From),
            EntityResponse.From(path.To),
            path.Steps?.Select(s => new GraphPathStepResponse(FactResponse.From(s.Fact), EntityResponse.From(s.Entity))).ToList(),
            path.MaxDepth);
    }
}
