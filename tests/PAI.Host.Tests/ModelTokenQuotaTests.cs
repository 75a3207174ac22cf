using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using PAI.Grpc.V1;
using PAI.Host.Tests.Infrastructure;
using PAI.Testing.Models;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>The model tokens per day quota on the real host, against the scripted model server: a principal that used
/// its day's tokens has its next model call fail with the quota's reason (audited, never sent to the model), and its
/// next goal refused with 429 (RESOURCE_EXHAUSTED over gRPC) and a Retry-After of when the window frees budget, also
/// after a SIGKILL and restart. The finished goal's knowledge extraction is made on the principal's behalf too, so it
/// is refused the same way (audited, never sent) and the write-back completes without the model's facts.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class ModelTokenQuotaTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PrincipalOverItsDailyTokens_ModelStepFailsWithTheQuota_AndNewGoalsGet429_AlsoAfterARestart()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.On(r => r.AllUser.Contains("expensive", StringComparison.Ordinal), _ => ScriptedReply.Text("that was costly") with { InputTokens = 900, OutputTokens = 300 });
        model.On(_ => true, _ => ScriptedReply.Text("should never be asked"));
        var grpcPort = PAI.Testing.ProcessReadiness.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = model.BaseUrl.ToString(),
            ["PAI_MODEL"] = "scripted",
            ["PAI_GRPC_URL"] = $"http://127.0.0.1:{grpcPort}",
            ["Pai__Quotas__Principals__thrifty__MaxModelTokensPerDay"] = "1000",
        };
        await using var host = await PaiProcess.StartNewAsync(environment);
        var (_, key) = await host.Client.CreateKeyAsync("thrifty", "user");
        using var thrifty = host.Client.WithKey(key);

        // Under the quota the goal is admitted; its first model call (1200 tokens) carries the principal over, so the
        // agent's call in the next step is refused before it reaches the model.
        var id = await thrifty.SubmitAsync(Goal(
            "spend the day's tokens",
            Step("spend", "llm.chat", new { prompt = "something expensive" }),
            new JsonObject { ["id"] = "think", ["task"] = "think about it", ["dependsOn"] = new JsonArray("spend") }));
        var goal = await thrifty.WaitFinishedAsync(id, Safety);

        Assert.Equal("Failed", goal["status"]!.GetValue<string>());
        var think = goal["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "think")!;
        Assert.Equal("Failed", think["status"]!.GetValue<string>());
        Assert.Contains("model token quota exceeded", think["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("modelTokensPerDay", think["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, think["attempts"]!.GetValue<int>());
        // The one request the model got: the finished goal's knowledge extraction counts against the principal too
        // (docs/memory.md), so it is refused before it is sent, audited like the step's call.
        var refusals = await WaitRefusalsAsync(host, id, 2);
        Assert.Single(model.Requests);
        var extraction = Assert.Single(refusals, r => r!["tool"]?.GetValue<string>() == "knowledge.extract")!;
        Assert.Equal("thrifty", extraction["principal"]!.GetValue<string>());
        Assert.Null(extraction["stepId"]);
        var refusal = Assert.Single(refusals, r => r!["stepId"] is not null)!;
        Assert.Equal("thrifty", refusal["principal"]!.GetValue<string>());
        Assert.Equal("think", refusal["stepId"]!.GetValue<string>());
        Assert.Equal("refused", refusal["outcome"]!.GetValue<string>());
        Assert.Contains("modelTokensPerDay", refusal["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        await AssertRefusedAsync(thrifty);
        var quota = (await thrifty.GetFromJsonAsync<JsonObject>("/api/quota"))!;
        Assert.Equal(1200, quota["usage"]!["modelTokensLastDay"]!.GetValue<long>());
        Assert.Equal(1000, quota["limits"]!["maxModelTokensPerDay"]!.GetValue<long>());
        Assert.NotNull(quota["modelTokensFreeAt"]);

        // gRPC: the same refusal as RESOURCE_EXHAUSTED with the quota named.
        using (var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}"))
        {
            var goals = new Goals.GoalsClient(channel);
            var error = await Assert.ThrowsAsync<RpcException>(() => goals.SubmitAsync(
                new SubmitRequest { Goal = new GoalSpec { Title = "free-form, refused" } },
                new Metadata { { "authorization", $"Bearer {key}" } }).ResponseAsync);
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            var info = error.GetRpcStatus()!.GetDetail<ErrorInfo>();
            Assert.Equal("modelTokensPerDay", info.Metadata["quota"]);
        }

        // The count is durable: after SIGKILL and a restart the principal is still over its day's budget.
        await host.KillAsync();
        await host.StartAsync(environment);
        await AssertRefusedAsync(thrifty);

        var shown = await CliRunner.RunAsync(host, key, "quota");
        Assert.Equal(0, shown.Code);
        Assert.Contains("model tokens in the last 24 h: 1200 of 1000", shown.Output, StringComparison.Ordinal);

        // Other principals are not limited by it.
        var other = await host.Client.SubmitAsync(Goal("admin's own", Step("ask", "llm.chat", new { prompt = "hello" })));
        Assert.Equal("Succeeded", (await host.Client.WaitFinishedAsync(other, Safety))["status"]!.GetValue<string>());
    }

    private static async Task<JsonArray> WaitRefusalsAsync(PaiProcess host, string goalId, int count)
    {
        using var timeout = new CancellationTokenSource(Safety);
        while (true)
        {
            var refusals = await host.Client.GetItemsAsync($"/api/audit?kind=model.refused&goal={goalId}");
            if (refusals.Count >= count)
            {
                return refusals;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task AssertRefusedAsync(HttpClient thrifty)
    {
        using var response = await thrifty.PostJsonAsync("/api/goals", Goal("one more", Step("a", "echo", new { x = 1 })));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("modelTokensPerDay", body!["quota"]!.GetValue<string>());
        Assert.Contains("1200", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // The 10:00-11:00 hour's tokens free at 11:00 the next day: between 24 and 25 hours from now.
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(25));
    }
}
