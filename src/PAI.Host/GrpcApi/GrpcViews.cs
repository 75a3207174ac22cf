using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using PAI.Grpc.V1;
using GoalSummary = PAI.Grpc.V1.GoalSummary;
using PAI.Host.Apis.Models;
using AbstractGoalEvent = PAI.Abstractions.Goals.GoalEvent;

namespace PAI.Host.GrpcApi;

/// <summary>The HTTP view models (<c>Apis/Models</c>) as gRPC messages: one view of a goal, two encodings.</summary>
public static class GrpcViews
{
    /// <summary>A goal.</summary>
    public static Goal Goal(GoalResponse g)
    {
        var goal = new Goal
        {
            Id = g.Id,
            Title = g.Title,
            Status = Status(g.Status),
            Owner = g.Owner,
            CreatedAt = Timestamp.FromDateTimeOffset(g.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(g.UpdatedAt),
            Result = Json(g.Result),
        };
        Set(g.Skill, v => goal.Skill = v);
        Set(g.Error, v => goal.Error = v);
        goal.Steps.AddRange(g.Steps.Select(Step));
        return goal;
    }

    /// <summary>A goal in a list.</summary>
    public static GoalSummary Summary(Apis.Models.GoalSummary g) => new()
    {
        Id = g.Id,
        Title = g.Title,
        Status = Status(g.Status),
        Owner = g.Owner,
        CreatedAt = Timestamp.FromDateTimeOffset(g.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(g.UpdatedAt),
        StepCount = g.StepCount,
    };

    /// <summary>One event of a goal's feed.</summary>
    public static GoalEvent Event(AbstractGoalEvent e)
    {
        var view = GoalEventResponse.From(e);
        var message = new GoalEvent { Sequence = view.Sequence, Kind = view.Kind, Status = view.Status, At = Timestamp.FromDateTimeOffset(view.At) };
        Set(view.StepId, v => message.StepId = v);
        Set(view.Detail, v => message.Detail = v);
        return message;
    }

    /// <summary>A goal status (the names match: GOAL_STATUS_RUNNING is Running).</summary>
    public static GoalStatus Status(Abstractions.Goals.GoalStatus status) => System.Enum.Parse<GoalStatus>(status.ToString());

    /// <summary>The HTTP name of a gRPC goal status; null for unspecified.</summary>
    public static string? StatusName(GoalStatus status) => status == GoalStatus.Unspecified ? null : status.ToString();

    private static Step Step(StepResponse s)
    {
        var step = new Step
        {
            Id = s.Id,
            Status = System.Enum.Parse<StepStatus>(s.Status.ToString()),
            Attempts = s.Attempts,
            StartedAt = Time(s.StartedAt),
            FinishedAt = Time(s.FinishedAt),
            ApprovalRequestedAt = Time(s.ApprovalRequestedAt),
            Output = Json(s.Output),
        };
        Set(s.Tool, v => step.Tool = v);
        Set(s.Skill, v => step.Skill = v);
        Set(s.Error, v => step.Error = v);
        step.DependsOn.AddRange(s.DependsOn);
        return step;
    }

    private static Timestamp? Time(DateTimeOffset? at) => at is { } t ? Timestamp.FromDateTimeOffset(t) : null;

    private static Value? Json(JsonNode? node) => node is null ? null : Value.Parser.ParseJson(node.ToJsonString());

    private static void Set(string? value, Action<string> set)
    {
        if (value is not null)
        {
            set(value);
        }
    }
}
