using PAI.Abstractions.Tools;

namespace PAI.Engine.Guardrails;

/// <summary>One tool call as the guard sees it: the tool, its context and the agent it runs as.</summary>
public sealed record ToolCall(ITool Tool, ToolContext Context, string Agent);
