using PAI.Abstractions.Tools;
using PAI.Engine.Invocation;

namespace PAI.Engine.Skills.Running;

/// <summary>
/// What a skill run needs from the step that hosts it (the StepRun grain), and nothing more: the run's persisted
/// progress, a way to make it durable, a durable checkpoint for tools, the one tool invoker, and whether to stop.
/// </summary>
public interface ISkillRunHost
{
    /// <summary>The run's progress (null before it started); kept in the host's persisted state.</summary>
    SkillRunState? Run { get; set; }

    /// <summary>True when the run must stop where it is, unfinished (the host is stopping, or its state could not be
    /// written): the next start resumes it from the last saved progress.</summary>
    bool MustStop { get; }

    /// <summary>Durable per-step values for tools; the runner scopes keys by phase.</summary>
    IStepCheckpoint Checkpoint { get; }

    /// <summary>Makes the host's state, and so the run's progress, durable before returning.</summary>
    Task SaveAsync();

    /// <summary>Calls a tool through the tool invoker.</summary>
    Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken);
}
