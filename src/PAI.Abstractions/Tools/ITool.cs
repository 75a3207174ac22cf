using System.Text.Json.Nodes;

namespace PAI.Abstractions.Tools;

/// <summary>One capability a step can call. Calls with the same idempotency key have their effect once.</summary>
public interface ITool
{
    /// <summary>Name, schema and permission.</summary>
    ToolDescriptor Descriptor { get; }

    /// <summary>Checks the literal parts of an input at plan time; returns readable errors (empty when fine).
    /// Values that are still <c>${...}</c> references are checked at run time instead.</summary>
    IReadOnlyList<string> Validate(JsonObject input);

    /// <summary>Runs the tool and returns its output (any JSON value).</summary>
    Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken);
}
