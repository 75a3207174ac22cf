using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Abstractions.Storage;
using PAI.Host.Tests.Infrastructure;
using PAI.Storage.Sqlite;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary><c>GET /api/approvals</c> (every step waiting for a person, across goals) and decisions with a comment,
/// on the real host: what the console's approvals inbox is built on.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class ApprovalsInboxTests
{
    private const string UserKey = "pai_user_key_0123456789abcdefghijklmnopq";

    [Fact]
    public async Task Approvals_StepsWaitingAcrossGoals_PagedNewestGoalFirstAndScopedToTheOwner()
    {
        await using var host = await PaiProcess.StartNewAsync(seed: SeedAsync);
        using var carol = SeededKeys.ClientFor(host, UserKey);
        var older = await host.Client.SubmitAsync(Goal("two waiting",
            Waits(Step("w1", "echo", new { text = "one" })), Waits(Step("w2", "file.write", new { path = "a.txt", content = "${steps.free.output.text}" }, "free")), Step("free", "echo", new { text = "x" })));
        var newer = await host.Client.SubmitAsync(Goal("one waiting", Waits(Step("only", "echo", new { n = 1 }))));
        var hers = await carol.SubmitAsync(Goal("carol's", Waits(Step("c", "echo", new { }))));
        await WaitWaitingAsync(host.Client, older, steps: 2);
        await WaitWaitingAsync(host.Client, newer);
        await WaitWaitingAsync(host.Client, hers);

        var seen = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = (await host.Client.GetFromJsonAsync<JsonObject>("/api/approvals?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))!;
            var items = page["items"]!.AsArray();
            Assert.InRange(items.Count, 1, 2);
            seen.AddRange(items.Select(i => i!.AsObject()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.Equal(
            [(hers, "c"), (newer, "only"), (older, "w1"), (older, "w2")],
            seen.Select(i => (i["goalId"]!.GetValue<string>(), i["stepId"]!.GetValue<string>())));
        var w2 = seen[3];
        Assert.Equal(("two waiting", "admin", "file.write"), (w2["goalTitle"]!.GetValue<string>(), w2["owner"]!.GetValue<string>(), w2["tool"]!.GetValue<string>()));
        Assert.Equal("${steps.free.output.text}", Assert.IsType<JsonObject>(w2["input"])["content"]!.GetValue<string>());
        Assert.NotNull(w2["requestedAt"]);
        Assert.Null(w2["agent"]);

        var own = (await carol.GetFromJsonAsync<JsonObject>("/api/approvals"))!["items"]!.AsArray();
        Assert.Equal(hers, Assert.Single(own)!["goalId"]!.GetValue<string>());

        using var bad = await host.Client.GetAsync(new Uri("/api/approvals?cursor=abc", UriKind.Relative));
        await BadInputTests.AssertProblemAsync(bad, HttpStatusCode.UnprocessableEntity, "cursor");
    }

    [Fact]
    public async Task Decide_WithComment_CommentIsAuditedAndARejectionSaysWhy()
    {
        await using var host = await PaiProcess.StartNewAsync();
        var approved = await host.Client.SubmitAsync(Goal("approve me", Waits(Step("a", "echo", new { text = "hi" }))));
        var rejected = await host.Client.SubmitAsync(Goal("reject me", Waits(Step("r", "echo", new { }))));
        await WaitWaitingAsync(host.Client, approved);
        await WaitWaitingAsync(host.Client, rejected);

        // Refused bodies change nothing.
        using (var tooLong = await DecideAsync(host.Client, $"/api/goals/{rejected}/steps/r/reject", new JsonObject { ["comment"] = new string('x', 1001) }))
        {
            await BadInputTests.AssertProblemAsync(tooLong, HttpStatusCode.UnprocessableEntity, "comment");
        }

        using (var unknown = await DecideAsync(host.Client, $"/api/goals/{rejected}/steps/r/reject", new JsonObject { ["reason"] = "x" }))
        {
            await BadInputTests.AssertProblemAsync(unknown, HttpStatusCode.UnprocessableEntity, "reason");
        }

        Assert.Equal("WaitingForApproval", (await host.Client.GetGoalAsync(rejected))["steps"]![0]!["status"]!.GetValue<string>());

        using (var response = await DecideAsync(host.Client, $"/api/goals/{rejected}/steps/r/reject", new JsonObject { ["comment"] = "not today" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var decision = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(("rejected", "not today"), (decision["decision"]!.GetValue<string>(), decision["comment"]!.GetValue<string>()));
        }

        using (var response = await DecideAsync(host.Client, $"/api/goals/{approved}/steps/a/approve", new JsonObject { ["comment"] = "fine" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var failed = await host.Client.WaitFinishedAsync(rejected, TimeSpan.FromSeconds(20));
        Assert.Equal("rejected by admin: not today", failed["steps"]![0]!["error"]!.GetValue<string>());
        var done = await host.Client.WaitFinishedAsync(approved, TimeSpan.FromSeconds(20));
        var step = done["steps"]![0]!;
        Assert.Equal("Succeeded", step["status"]!.GetValue<string>());
        Assert.NotNull(step["approvalRequestedAt"]);
        Assert.True(step["approval"]!.GetValue<bool>());
        Assert.Equal("hi", step["input"]!["text"]!.GetValue<string>());

        var rejection = (await host.Client.GetFromJsonAsync<JsonObject>($"/api/audit?goal={rejected}&kind=step.rejected"))!["items"]!.AsArray();
        Assert.Equal("not today", Assert.Single(rejection)!["detail"]!.GetValue<string>());
        var approval = (await host.Client.GetFromJsonAsync<JsonObject>($"/api/audit?goal={approved}&kind=step.approved"))!["items"]!.AsArray();
        Assert.Equal("fine", Assert.Single(approval)!["detail"]!.GetValue<string>());
        Assert.Empty((await host.Client.GetFromJsonAsync<JsonObject>("/api/approvals"))!["items"]!.AsArray());
    }

    private static JsonObject Waits(JsonObject step)
    {
        step["approval"] = true;
        return step;
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, string path, JsonObject body) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private static async Task WaitWaitingAsync(HttpClient client, string id, int steps = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetGoalAsync(id))["steps"]!.AsArray().Count(s => s!["status"]!.GetValue<string>() == "WaitingForApproval") != steps)
        {
            Assert.True(DateTime.UtcNow < deadline, $"goal {id} never waited for approval");
            await Task.Delay(50);
        }
    }

    /// <summary>The test admin key and a <c>user</c> key for principal carol.</summary>
    private static async Task SeedAsync(string dataDirectory)
    {
        await using var store = new SqliteStore(new SqliteStoreOptions { DataDirectory = dataDirectory });
        var keys = new SqliteApiKeyStore(store);
        foreach (var (principal, key, role) in new[] { ("admin", PaiProcess.ApiKey, "admin"), ("carol", UserKey, "user") })
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            await keys.AddAsync(new ApiKeyRecord(hash[..16], principal, hash, role, DateTimeOffset.UtcNow));
        }
    }
}
