using System.ComponentModel;
using PAI.Engine.Agents;

namespace PAI.Host.Apis.Models;

/// <summary>An agent as <c>GET /api/agents</c> lists it.</summary>
public sealed record AgentResponse(
    string Name,
    [property: Description("The model it uses; null for the default model.")] string? Model,
    [property: Description("The tools it may call.")] IReadOnlyList<string> Tools,
    string MemoryScope,
    [property: Description("How many of its runs may go at once (0: no limit).")] int Concurrency)
{
    /// <summary>From the loaded definition.</summary>
    public static AgentResponse From(AgentDefinition a) => new(a.Name, a.Model, a.Tools, a.MemoryScope, a.Concurrency);
}
