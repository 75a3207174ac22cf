using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using PAI.Grpc.V1;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;
using GoalStatus = PAI.Grpc.V1.GoalStatus;

namespace PAI.Host.Tests;

/// <summary>
/// The gRPC contract (protos/pai/v1/goals.proto) against a real host with the .NET client: the same validation,
/// permissions and views as HTTP, status codes with field details, and a Watch that resumes after a reconnect.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class GrpcTests(GrpcHost grpc) : IClassFixture<GrpcHost>
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SubmitThenWatch_SnapshotThenEveryEventInOrder_EndsSucceeded()
    {
        var spec = EchoGoal("watched");
        spec.Plan.Steps[0].Approval = true;
        var submitted = await grpc.Goals.SubmitAsync(new SubmitRequest { Goal = spec }, GrpcHost.Auth());

        // Watched from the start; the step waits for a person, who approves it while the watch goes on.
        var items = new List<WatchEvent>();
        using var cancel = new CancellationTokenSource(Safety);
        using var call = grpc.Goals.Watch(new WatchRequest { Id = submitted.Id }, GrpcHost.Auth(), cancellationToken: cancel.Token);
        await foreach (var item in call.ResponseStream.ReadAllAsync(cancel.Token))
        {
            items.Add(item);
            if (item.Snapshot?.Steps[0].Status == StepStatus.WaitingForApproval || item.Event?.Status == "WaitingForApproval")
            {
                await grpc.Goals.ApproveAsync(new DecisionRequest { Id = submitted.Id, StepId = "hello" }, GrpcHost.Auth());
            }
        }

        var goal = await grpc.Goals.GetAsync(new GetRequest { Id = submitted.Id }, GrpcHost.Auth());

        Assert.Equal(WatchEvent.ItemOneofCase.Snapshot, items[0].ItemCase);
        AssertConsecutive(items);
        Assert.Equal(("goal", "Succeeded"), (items[^1].Event.Kind, items[^1].Event.Status));
        Assert.Equal(GoalStatus.Succeeded, goal.Status);
        Assert.Equal("hi", goal.Steps[0].Output.StructValue.Fields["greeting"].StringValue);
    }

    [Fact]
    public async Task Watch_FinishedGoal_TheSnapshotAlone()
    {
        var id = (await grpc.Goals.SubmitAsync(new SubmitRequest { Goal = EchoGoal("done") }, GrpcHost.Auth())).Id;
        await grpc.Host.Client.WaitFinishedAsync(id, Safety);

        var items = await WatchAsync(new WatchRequest { Id = id });

        var only = Assert.Single(items);
        Assert.Equal(GoalStatus.Succeeded, only.Snapshot.Status);
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyTwice_SameGoal()
    {
        var first = await grpc.Goals.SubmitAsync(new SubmitRequest { Goal = EchoGoal("once"), IdempotencyKey = "grpc-idem" }, GrpcHost.Auth());
        var second = await grpc.Goals.SubmitAsync(new SubmitRequest { Goal = EchoGoal("once"), IdempotencyKey = "grpc-idem" }, GrpcHost.Auth());

        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task Submit_InvalidGoal_InvalidArgumentNamingTheField()
    {
        var goal = EchoGoal("bad");
        goal.Plan.Steps[0].Timeout = "soon";

        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.Goals.SubmitAsync(new SubmitRequest { Goal = goal }, GrpcHost.Auth()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Contains(violations, v => v.Field == "plan.steps[0].timeout");
    }

    [Fact]
    public async Task Get_UnknownGoal_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => grpc.Goals.GetAsync(new GetRequest { Id = "g_missing" }, GrpcHost.Auth()).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("g_missing", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_WithoutOrWithAWrongKey_Unauthenticated_HealthNeedsNone()
    {
        var none = await Assert.ThrowsAsync<RpcException>(() => grpc.Goals.ListAsync(new ListRequest()).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => grpc.Goals.ListAsync(new ListRequest(), GrpcHost.Auth("pai_wrong_wrong_wrong_wrong_wrong")).ResponseAsync);
        var health = await new Health.HealthClient(grpc.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.DoesNotContain("pai_wrong", wrong.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task ReadOnlyKey_ListsGetsAndWatches_ButMaySubmitNothing()
    {
        using var created = await grpc.Host.Client.PostAsJsonAsync("/api/keys", new { principal = "reader", role = "read-only" });
        created.EnsureSuccessStatusCode();
        var key = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();

        var list = await grpc.Goals.ListAsync(new ListRequest { Limit = 5 }, GrpcHost.Auth(key));
        var refused = await Assert.ThrowsAsync<RpcException>(() => grpc.Goals.SubmitAsync(new SubmitRequest { Goal = EchoGoal("no") }, GrpcHost.Auth(key)).ResponseAsync);

        Assert.NotNull(list);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    [Fact]
    public async Task List_Paging_FollowsNextCursorWithoutRepeats()
    {
        for (var i = 0; i < 3; i++)
        {
            await grpc.Goals.SubmitAsync(new SubmitRequest { Goal = EchoGoal($"page {i}") }, GrpcHost.Auth());
        }

        var ids = new List<string>();
        var request = new ListRequest { Limit = 2 };
        do
        {
            var page = await grpc.Goals.ListAsync(request, GrpcHost.Auth());
            Assert.True(page.Items.Count <= 2);
            ids.AddRange(page.Items.Select(g => g.Id));
            request = new ListRequest { Limit = 2, Cursor = page.NextCursor };
        }
        while (request.Cursor.Length > 0);

        Assert.True(ids.Count >= 3);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Watch_ReconnectAfterLastPosition_TheRestOnceInOrder()
    {
        var goal = EchoGoal("approved later");
        goal.Plan.Steps[0].Approval = true;
        goal.Plan.Steps.Add(new PlanStep { Id = "after", Tool = "echo", DependsOn = { "hello" } });
        var id = (await grpc.Goals.SubmitAsync(new SubmitRequest { Goal = goal }, GrpcHost.Auth())).Id;

        // The first connection drops once the step waits for a person.
        var before = new List<WatchEvent>();
        using (var cancel = new CancellationTokenSource(Safety))
        using (var call = grpc.Goals.Watch(new WatchRequest { Id = id }, GrpcHost.Auth(), cancellationToken: cancel.Token))
        {
            await foreach (var item in call.ResponseStream.ReadAllAsync(cancel.Token))
            {
                before.Add(item);
                if (item.Snapshot?.Steps[0].Status == StepStatus.WaitingForApproval || item.Event?.Status == "WaitingForApproval")
                {
                    break;
                }
            }
        }

        await grpc.Goals.ApproveAsync(new DecisionRequest { Id = id, StepId = "hello" }, GrpcHost.Auth());
        var after = await WatchAsync(new WatchRequest { Id = id, After = before[^1].Position });
        var everything = await WatchAsync(new WatchRequest { Id = id, After = 0 });

        Assert.Equal(before[^1].Position + 1, after[0].Position);
        Assert.All(after, item => Assert.Equal(WatchEvent.ItemOneofCase.Event, item.ItemCase));
        AssertConsecutive(after);
        Assert.Equal("Succeeded", after[^1].Event.Status);
        Assert.Equal(everything.SkipWhile(e => e.Position <= before[^1].Position).Select(e => e.Event), after.Select(e => e.Event));
    }

    [Fact]
    public async Task Watch_NegativePosition_InvalidArgument()
    {
        var id = (await grpc.Goals.SubmitAsync(new SubmitRequest { Goal = EchoGoal("x") }, GrpcHost.Auth())).Id;

        var error = await Assert.ThrowsAsync<RpcException>(() => WatchAsync(new WatchRequest { Id = id, After = -1 }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Cancel_RunningGoal_CancelledThenFailedPreconditionWhenFinished()
    {
        var goal = EchoGoal("to cancel");
        goal.Plan.Steps[0].Approval = true;
        var id = (await grpc.Goals.SubmitAsync(new SubmitRequest { Goal = goal }, GrpcHost.Auth())).Id;

        var cancelled = await grpc.Goals.CancelAsync(new CancelRequest { Id = id }, GrpcHost.Auth());
        var again = await Assert.ThrowsAsync<RpcException>(() => grpc.Goals.CancelAsync(new CancelRequest { Id = id }, GrpcHost.Auth()).ResponseAsync);

        Assert.Equal(GoalStatus.Cancelled, cancelled.Status);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task NodeClient_SubmitWatchGetAndErrors_SameContract()
    {
        var root = typeof(GrpcTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        var folder = Path.GetFullPath(Path.Combine(root, "tests", "node"));
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@grpc", "grpc-js")), $"run 'npm ci' in {folder} first (.ci/run does)");
        var info = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("grpc-client.mjs");
        info.Environment["PAI_GRPC_ADDRESS"] = $"127.0.0.1:{grpc.GrpcPort}";
        info.Environment["PAI_API_KEY"] = PaiProcess.ApiKey;
        info.Environment["PAI_PROTO_ROOT"] = Path.GetFullPath(Path.Combine(root, "protos"));

        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            await node.WaitForExitAsync(cancel.Token);
        }

        Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}: {await error}");
        var result = JsonNode.Parse(await output)!;
        var events = result["events"]!.AsArray();
        var positions = events.Select(e => e!["position"]!.GetValue<long>()).ToList();
        Assert.Equal("snapshot", events[0]!["kind"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(0, positions.Count).Select(i => positions[0] + i), positions);
        Assert.Equal(("goal", "Succeeded"), (events[^1]!["kind"]!.GetValue<string>(), events[^1]!["status"]!.GetValue<string>()));
        Assert.Equal("GOAL_STATUS_SUCCEEDED", result["finalStatus"]!.GetValue<string>());
        Assert.Contains("\"hi\"", result["output"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal((int)StatusCode.InvalidArgument, result["invalidCode"]!.GetValue<int>());
        Assert.Contains("plan.steps[0].timeout", result["invalidDetails"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((int)StatusCode.Unauthenticated, result["unauthenticatedCode"]!.GetValue<int>());
    }

    private async Task<List<WatchEvent>> WatchAsync(WatchRequest request)
    {
        using var cancel = new CancellationTokenSource(Safety);
        using var call = grpc.Goals.Watch(request, GrpcHost.Auth(), cancellationToken: cancel.Token);
        var items = new List<WatchEvent>();
        await foreach (var item in call.ResponseStream.ReadAllAsync(cancel.Token))
        {
            items.Add(item);
        }

        return items;
    }

    private static void AssertConsecutive(IReadOnlyList<WatchEvent> items)
    {
        for (var i = 1; i < items.Count; i++)
        {
            Assert.Equal(items[i - 1].Position + 1, items[i].Position);
            Assert.Equal(WatchEvent.ItemOneofCase.Event, items[i].ItemCase);
            Assert.Equal(items[i].Position, items[i].Event.Sequence);
        }
    }

    private static GoalSpec EchoGoal(string title)
    {
        var with = new Struct();
        with.Fields["greeting"] = Value.ForString("hi");
        return new GoalSpec { Title = title, Plan = new Plan { Steps = { new PlanStep { Id = "hello", Tool = "echo", With = with } } } };
    }
}
