using System.Security.Claims;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Storage;
using PAI.Grpc.V1;
using PAI.Host.Apis;
using PAI.Host.Apis.Feed;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Auth;
using PAI.Principals.Quotas;

namespace PAI.Host.GrpcApi;

/// <summary>
/// The gRPC face of the goals API (protos/pai/v1/goals.proto). Each call runs the HTTP handler of the same operation
/// (validation, permissions, view models) and maps its answer: one implementation, two encodings.
/// </summary>
public sealed class GoalsGrpcService(IGrainFactory grains, IGoalIndex index, PrincipalQuotas quotas, GoalFeed feed) : Goals.GoalsBase
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    /// <inheritdoc />
    public override async Task<SubmitReply> Submit(SubmitRequest request, ServerCallContext context)
    {
        var key = request.IdempotencyKey.Length == 0 ? null : request.IdempotencyKey;
        if (GoalsApi.InvalidIdempotencyKey(key) is { } badKey)
        {
            throw GrpcProblems.ToRpcException(badKey);
        }

        // The goal's proto3 JSON form is the HTTP body field for field, so the strict reader checks it as it checks HTTP.
        var body = System.Text.Encoding.UTF8.GetBytes(Json.Format(request.Goal ?? new GoalSpec()));
        var read = StrictJsonBody.Parse<GoalRequest>(body);
        if (!read.Succeeded)
        {
            throw GrpcProblems.ToRpcException(read.Problem!);
        }

        var http = context.GetHttpContext();
        var accepted = Value(await GoalsApi.AcceptAsync(read, key, http, http.User, grains, quotas));
        return new SubmitReply { Id = accepted.Id, Status = GrpcViews.Status(accepted.Status) };
    }

    /// <inheritdoc />
    [ReadOnlyCall]
    public override async Task<Goal> Get(GetRequest request, ServerCallContext context) =>
        GrpcViews.Goal(Value(await GoalsApi.GetAsync(request.Id, User(context), grains)));

    /// <inheritdoc />
    [ReadOnlyCall]
    public override async Task<ListReply> List(ListRequest request, ServerCallContext context)
    {
        var limit = request.Limit == 0 ? null : request.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cursor = request.Cursor.Length == 0 ? null : request.Cursor;
        var page = Value(await GoalsApi.ListAsync(User(context), index, grains, GrpcViews.StatusName(request.Status), title: null, schedule: null, limit, cursor, context.CancellationToken));
        var reply = new ListReply { NextCursor = page.NextCursor ?? "" };
        reply.Items.AddRange(page.Items.Select(GrpcViews.Summary));
        return reply;
    }

    /// <inheritdoc />
    public override async Task<SubmitReply> Cancel(CancelRequest request, ServerCallContext context)
    {
        var cancelled = Value(await GoalsApi.CancelAsync(request.Id, User(context), grains));
        return new SubmitReply { Id = cancelled.Id, Status = GrpcViews.Status(cancelled.Status) };
    }

    /// <inheritdoc />
    public override Task<DecisionReply> Approve(DecisionRequest request, ServerCallContext context) => DecideAsync(request, context, approve: true);

    /// <inheritdoc />
    public override Task<DecisionReply> Reject(DecisionRequest request, ServerCallContext context) => DecideAsync(request, context, approve: false);

    /// <inheritdoc />
    [ReadOnlyCall]
    public override async Task Watch(WatchRequest request, IServerStreamWriter<WatchEvent> responseStream, ServerCallContext context)
    {
        if (request.HasAfter && request.After < 0)
        {
            throw GrpcProblems.ToRpcException(ApiProblems.Invalid("Invalid position", "after", "must be a position (0 or more) a previous Watch gave"));
        }

        // The same visibility check as GET: someone else's goal is not found.
        Value(await GoalsApi.GetAsync(request.Id, User(context), grains));
        await foreach (var item in feed.WatchAsync(request.Id, request.HasAfter ? request.After : null, context.CancellationToken))
        {
            var message = new WatchEvent { Position = item.Position };
            if (item.Snapshot is { } snapshot)
            {
                message.Snapshot = GrpcViews.Goal(GoalResponse.From(snapshot));
            }
            else
            {
                message.Event = GrpcViews.Event(item.Event!);
            }

            await responseStream.WriteAsync(message, context.CancellationToken);
        }
    }

    private async Task<DecisionReply> DecideAsync(DecisionRequest request, ServerCallContext context, bool approve)
    {
        var decision = Value(await ApprovalsApi.DecideAsync(request.Id, request.StepId, User(context), grains, approve));
        return new DecisionReply { Id = decision.Id, StepId = decision.StepId, Decision = decision.Decision };
    }

    private static ClaimsPrincipal User(ServerCallContext context) => context.GetHttpContext().User;

    private static T Value<T>(Results<Ok<T>, ProblemHttpResult> result) => result.Result switch
    {
        Ok<T> ok => ok.Value!,
        ProblemHttpResult problem => throw GrpcProblems.ToRpcException(problem),
        _ => throw new InvalidOperationException("unexpected handler result"),
    };

    private static T Value<T>(Results<Accepted<T>, ProblemHttpResult> result) => result.Result switch
    {
        Accepted<T> accepted => accepted.Value!,
        ProblemHttpResult problem => throw GrpcProblems.ToRpcException(problem),
        _ => throw new InvalidOperationException("unexpected handler result"),
    };
}
