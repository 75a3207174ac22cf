using System.ComponentModel;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Host.Apis.Models;

/// <summary>A tool as <c>GET /api/tools</c> lists it.</summary>
public sealed record ToolResponse(
    string Name,
    string Description,
    [property: Description("A name an agent's allow-list may use instead of the tool's ('none': only the tool's name counts).")] string Permission,
    [property: Description("True when every call needs a person's approval: a step calling it waits for one.")] bool Approval,
    [property: Description("Per-attempt limit when a step names none (hh:mm:ss); null for none.")] TimeSpan? DefaultTimeout,
    [property: Description("Largest output accepted from one call, in bytes; null for the engine's default.")] long? MaxOutputBytes,
    ToolRateLimitResponse? RateLimit,
    [property: Description("JSON Schema of the tool's input ('with').")] JsonNode? InputSchema,
    [property: Description("JSON Schema of the tool's output, when declared.")] JsonNode? OutputSchema)
{
    /// <summary>From the tool's descriptor.</summary>
    public static ToolResponse From(ToolDescriptor d) => new(
        d.Name,
        d.Description,
        d.Permission,
        d.Approval,
        d.DefaultTimeout,
        d.MaxOutputBytes,
        d.RateLimit is { } r ? new ToolRateLimitResponse(r.Permits, r.Window, r.PerPrincipal ? "principal" : "global", r.Refuse ? "refuse" : "delay") : null,
        JsonText.ToNode(d.InputSchema),
        JsonText.ToNode(d.OutputSchema));
}
