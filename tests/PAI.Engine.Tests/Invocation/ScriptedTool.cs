using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tests.Invocation;

/// <summary>A tool whose descriptor and behaviour a test chooses, so the invoker's guardrails can be driven one by one.</summary>
internal sealed class ScriptedTool(ToolDescriptor descriptor, Func<ToolContext, CancellationToken, Task<JsonNode?>> behaviour) : ITool
{
    private int _calls;

    /// <summary>How often the invoker called the tool.</summary>
    public int Calls => _calls;

    /// <summary>The contexts it was called with, in order.</summary>
    public List<ToolContext> Contexts { get; } = [];

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = descriptor;

    /// <summary>A descriptor with the usual defaults.</summary>
    public static ToolDescriptor Describe(string name, string permission = "none", TimeSpan? timeout = null, long? maxOutputBytes = null, bool approval = false) =>
        new(name, "test tool", """{"type":"object"}""", permission, timeout, MaxOutputBytes: maxOutputBytes, Approval: approval);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => [];

    /// <inheritdoc />
    public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (Contexts)
        {
            Contexts.Add(context);
        }

        return behaviour(context, cancellationToken);
    }
}
