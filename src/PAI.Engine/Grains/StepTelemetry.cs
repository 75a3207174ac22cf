using System.Diagnostics;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;

namespace PAI.Engine.Grains;

/// <summary>One span per step run and the step metrics (<see cref="EngineTelemetry"/>).</summary>
internal sealed class StepTelemetry : IDisposable
{
    private readonly Activity? _activity;
    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly long _started;

    /// <summary>Starts the span of a run of <paramref name="work"/>.</summary>
    public StepTelemetry(StepWork work, TimeProvider time)
    {
        _name = work.Skill ?? work.Tool ?? "";
        _time = time;
        _started = time.GetTimestamp();
        _activity = EngineTelemetry.Source.StartActivity("step " + _name);
        _activity?.SetTag("pai.goal.id", work.GoalId);
        _activity?.SetTag("pai.step.id", work.StepId);
        _activity?.SetTag("pai.tool", _name);
    }

    /// <summary>Records how the run ended.</summary>
    public void Finished(StepResult result, int attempts)
    {
        _activity?.SetTag("pai.step.status", result.Status.ToString());
        _activity?.SetTag("pai.step.attempts", attempts);
        if (result.Status != StepStatus.Succeeded)
        {
            _activity?.SetStatus(ActivityStatusCode.Error, result.Error);
        }

        EngineTelemetry.StepsFinished.Add(1, new TagList { { "tool", _name }, { "status", result.Status.ToString() } });
        EngineTelemetry.StepDuration.Record(_time.GetElapsedTime(_started).TotalSeconds, new KeyValuePair<string, object?>("tool", _name));
    }

    /// <inheritdoc />
    public void Dispose() => _activity?.Dispose();
}
