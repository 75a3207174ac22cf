namespace PAI.Engine.Agents;

/// <summary>A persona that steps and skill phases run as: its model, prompt, and the tools it may call.</summary>
/// <param name="Name">The agent's name.</param>
/// <param name="Model">The model name for prompt phases (null: the configured default).</param>
/// <param name="SystemPrompt">The system prompt for prompt phases.</param>
/// <param name="Tools">Allowed tools: exact names, <c>prefix.*</c> patterns, or <c>*</c> for all.</param>
/// <param name="MemoryScope">The memory scope its phases read and write (used by the memory tools).</param>
/// <param name="Concurrency">How many of its model runs may go on at once across the cluster (0: unlimited; enforced by
/// the agent's grain).</param>
/// <param name="Source">The file it came from.</param>
/// <param name="Budget">Turns, tokens and time per run, and tokens per day.</param>
public sealed record AgentDefinition(
    string Name,
    string? Model,
    string? SystemPrompt,
    IReadOnlyList<string> Tools,
    string MemoryScope,
    int Concurrency,
    string Source,
    AgentBudget? Budget = null)
{
    /// <summary>The agent used when none is named.</summary>
    public const string DefaultName = "default";

    /// <summary>The built-in default agent: the safe built-in tools (workspace files, HTTP, waits, echo, the model tools,
    /// the goal principal's own memories, graph and notes) and nothing else.</summary>
    public static AgentDefinition Default { get; } = new(
        DefaultName, null, null, ["echo", "file.read", "file.write", "file.append", "file.list", "wait", "http.request", "llm.chat", "llm.json", "memory.remember", "memory.recall", "graph.assert", "graph.query", "notes.write", "notes.search"], "principal", 0, "builtin");

    /// <summary>The permission of tools anyone may call without naming it (the allow-list must then name the tool).</summary>
    public const string NoPermission = "none";

    /// <summary>True when the allow-list names the tool.</summary>
    public bool Allows(string tool) => Tools.Any(pattern =>
        pattern == "*"
        || pattern == tool
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && tool.StartsWith(pattern[..^1], StringComparison.Ordinal)));

    /// <summary>True when the allow-list names the tool, or the permission it declares (<c>net.weather</c>, <c>net.*</c>).</summary>
    public bool Allows(PAI.Abstractions.Tools.ToolDescriptor tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return Allows(tool.Name) || (!string.IsNullOrEmpty(tool.Permission) && tool.Permission != NoPermission && Allows(tool.Permission));
    }
}
