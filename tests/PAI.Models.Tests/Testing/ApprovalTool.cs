using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Models.Tests.Testing;

/// <summary><c>test.launch</c>: a tool every call of which needs a person's approval; counts its effects by key.</summary>
public sealed class ApprovalTool : ITool
{
    private readonly Dictionary<string, int> _effects = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new("test.launch", "Launches something irreversible.", """{"type":"object"}""", "none", TimeSpan.FromSeconds(10), Approval: true);

    /// <summary>Effects by idempotency key.</summary>
    public IReadOnlyDictionary<string, int> Effects
    {
        get
        {
            lock (_effects)
            {
                return new Dictionary<string, int>(_effects);
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => [];

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        lock (_effects)
        {
            _effects[context.IdempotencyKey] = _effects.GetValueOrDefault(context.IdempotencyKey) + 1;
        }

        return Task.FromResult<JsonNode?>(new JsonObject { ["launched"] = true });
    }
}
