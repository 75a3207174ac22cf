using PAI.Abstractions.Tools;
using PAI.Engine.Invocation;

namespace PAI.Engine.Agents;

/// <summary>What an agent run needs from the step that hosts it: a durable place for its transcript (scoped to the
/// phase), the one tool invoker, and whether to stop.</summary>
public interface IAgentRunHost
{
    /// <summary>Durable values of this phase; the transcript is saved here after every turn.</summary>
    IStepCheckpoint Checkpoint { get; }

    /// <summary>True when the run must stop where it is (the host is stopping); the next start resumes it.</summary>
    bool MustStop { get; }

    /// <summary>Calls a tool through the tool invoker.</summary>
    Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken);
}
