using System.Text;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Storage;

namespace PAI.Engine.Goals;

/// <summary>Read-only shapes derived from a goal's state: its API view, index row, result, finished notice and size.</summary>
public static class GoalProjections
{
    // What a step's record and spec cost beyond their strings (ids, statuses, times, counters), roughly.
    private const int StepOverheadBytes = 96;

    /// <summary>The status the goal's index row shows: the goal's own (a finished goal is listed finished at once, while
    /// its finished handlers may still run; <see cref="HandlersPending"/> says so).</summary>
    public static GoalStatus ListedStatus(GoalState state) => state.Exists ? state.Status : GoalStatus.Pending;

    /// <summary>True for a finished goal whose finished handlers have not all taken it yet: its index row says so, so
    /// that after a crash the resume scan finds it again and delivers it.</summary>
    public static bool HandlersPending(GoalState state) => state.Exists && state.Status.IsTerminal() && !state.FinishedHandled;

    /// <summary>The index row, with <paramref name="status"/> as its status (and the handlers-pending flag of the state).</summary>
    public static GoalIndexEntry IndexEntry(GoalState state, GoalStatus status) =>
        new(state.Id, state.Owner, state.Submission!.Title, status, state.CreatedAt, state.UpdatedAt, state.Steps.Count, HandlersPending(state));

    /// <summary>The goal as the API shows it.</summary>
    public static GoalView View(GoalState state) => new(
        state.Id,
        state.Submission!.Title,
        state.Status,
        state.CreatedAt,
        state.UpdatedAt,
        state.Steps.Select(s => new StepView(
            s.Spec.Id, s.Spec.Tool, s.Status, s.Attempts, s.StartedAt, s.FinishedAt, s.Output, s.Error, s.Spec.DependsOn, s.Spec.Skill,
            s.ApprovalRequestedAt, s.Spec.Agent ?? state.Submission!.Agent, s.Spec.Task,
            s.Status == StepStatus.WaitingForApproval ? s.ApprovalRequest : null, s.Spec.With, s.Spec.Approval)).ToList(),
        state.Result,
        state.Error,
        state.Owner,
        state.Submission.Skill,
        Math.Max(state.PlanVersion, state.Steps.Count > 0 ? 1 : 0),
        state.Plans.ToList(),
        new Dictionary<string, Abstractions.Models.ModelUsage>(state.Usage, StringComparer.Ordinal),
        state.Steps.Select(s => s.Spec).ToList(),
        state.Submission.Budget,
        new Dictionary<string, Abstractions.Models.ModelUsage>(state.UsageByAgent, StringComparer.Ordinal));

    /// <summary>The finished goal as the finished handlers get it.</summary>
    public static FinishedGoal Finished(GoalState state) => new(
        state.Id,
        state.Owner,
        state.Submission!.Title,
        state.Submission,
        state.Status,
        state.Steps.Select(s => new FinishedStep(s.Spec.Id, s.Spec.Tool, s.Spec.Skill, s.Status, s.Attempts, s.Output, s.Error)).ToList(),
        state.Result,
        state.Error,
        state.CreatedAt,
        state.FinishedAt ?? state.UpdatedAt);

    /// <summary>The result: a JSON object of the outputs of the steps nothing depends on.</summary>
    public static string Result(GoalState state)
    {
        var depended = new HashSet<string>(state.Steps.SelectMany(s => s.Spec.DependsOn), StringComparer.Ordinal);
        var result = new JsonObject();
        foreach (var sink in state.Steps.Where(s => !depended.Contains(s.Spec.Id)))
        {
            result[sink.Spec.Id] = sink.Output is { } o ? JsonNode.Parse(o) : null;
        }

        return result.ToJsonString();
    }

    /// <summary>An estimate of the stored state's size in bytes: its strings in UTF-8 plus a fixed cost per step.</summary>
    public static long EstimatedBytes(GoalState state)
    {
        var bytes = SubmissionBytes(state.Submission) + PlanBytes(state.Steps.Select(s => s.Spec)) + BytesOf(state.Id) + BytesOf(state.Owner) + BytesOf(state.BodyDigest)
            + BytesOf(state.Error) + BytesOf(state.Result);
        foreach (var step in state.Steps)
        {
            bytes += BytesOf(step.Output) + BytesOf(step.Error);
        }

        return bytes;
    }

    /// <summary>What a submission costs in the state, its plan aside (an explicit plan's steps are the goal's steps:
    /// the serializer writes objects it meets twice once).</summary>
    public static long SubmissionBytes(GoalSubmission? submission) =>
        submission is null ? 0
        : BytesOf(submission.Title) + BytesOf(submission.Description) + BytesOf(submission.Skill) + BytesOf(submission.Inputs)
            + BytesOf(submission.Schedule) + BytesOf(submission.Agent);

    /// <summary>What a plan's steps cost in the state.</summary>
    public static long PlanBytes(IEnumerable<StepSpec> steps)
    {
        long bytes = 0;
        foreach (var step in steps)
        {
            bytes += StepOverheadBytes + BytesOf(step.Id) + BytesOf(step.Tool) + BytesOf(step.Skill) + BytesOf(step.With) + BytesOf(step.Agent) + BytesOf(step.Task);
            foreach (var dependency in step.DependsOn)
            {
                bytes += BytesOf(dependency);
            }
        }

        return bytes;
    }

    /// <summary>UTF-8 length of a string (0 for null).</summary>
    public static long BytesOf(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
