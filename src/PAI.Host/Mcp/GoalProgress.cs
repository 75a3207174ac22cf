using PAI.Abstractions.Goals;
using PAI.Host.Apis.Models;
using ModelContextProtocol;

namespace PAI.Host.Mcp;

/// <summary>
/// Turns a watched goal's updates into MCP progress notifications. MCP requires the progress value to grow with every
/// notification, and a goal's steps do not finish at an even pace, so the value counts notifications and the message
/// says where the goal is ("2/5 steps finished; step 'fetch' Succeeded"). No total is sent: none is known ahead.
/// </summary>
public sealed class GoalProgress
{
    private readonly Dictionary<string, string> _steps = new(StringComparer.Ordinal);
    private int _sent;

    /// <summary>Starts from the goal as first seen.</summary>
    public GoalProgress(GoalResponse snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Status = snapshot.Status.ToString();
        foreach (var step in snapshot.Steps)
        {
            _steps[step.Id] = step.Status.ToString();
        }
    }

    /// <summary>The goal's status as last seen.</summary>
    public string Status { get; private set; }

    /// <summary>True once the goal reached a final status.</summary>
    public bool Finished => Enum.TryParse<GoalStatus>(Status, out var status) && status.IsTerminal();

    /// <summary>The notification for the goal as first seen.</summary>
    public ProgressNotificationValue Start() => Next($"goal {Status}");

    /// <summary>Applies one transition and returns its notification.</summary>
    public ProgressNotificationValue Apply(GoalEventResponse update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Kind == "step" && update.StepId is { } step)
        {
            _steps[step] = update.Status;
            var detail = update.Detail is { Length: > 0 } d ? $": {Shorten(d)}" : "";
            return Next($"step '{step}' {update.Status}{detail}");
        }

        Status = update.Status;
        return Next($"goal {update.Status}");
    }

    /// <summary>A notification that says nothing changed, so clients whose request timeout restarts on progress wait on.</summary>
    public ProgressNotificationValue Heartbeat() => Next($"goal {Status}, waiting");

    private ProgressNotificationValue Next(string what)
    {
        _sent++;
        var finished = _steps.Values.Count(s => Enum.TryParse<StepStatus>(s, out var status) && status.IsTerminal());
        return new ProgressNotificationValue { Progress = _sent, Message = $"{finished}/{_steps.Count} steps finished; {what}" };
    }

    private static string Shorten(string text) => text.Length > 200 ? string.Concat(text.AsSpan(0, 200), "…") : text;
}
