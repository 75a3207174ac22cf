using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>The body of <c>POST /api/graph/facts</c>.</summary>
public sealed record AssertFactsRequest
{
    /// <summary>The facts (1-10,000), stored in one transaction, in order.</summary>
    [Description("The facts (1-10,000), stored in one transaction, in order.")]
    public required IReadOnlyList<FactRequest> Facts { get; init; }
}
