using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary><c>/api/schedules</c> on the real host: fires, lists, isolation, pause and resume, bad input.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class SchedulesTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private HttpClient Admin => shared.Host.Client;

    private static JsonObject EchoGoal(string title) =>
        (JsonObject)Goal(title, Step("only", "echo", new { x = 1 }));

    [Fact]
    public async Task Create_EveryTwoSeconds_AnswersNextTimesAndFiresGoalsListedBySchedule()
    {
        using var response = await Admin.PostJsonAsync("/api/schedules", new JsonObject
        {
            ["name"] = "heartbeat",
            ["every"] = "2s",
            ["goal"] = EchoGoal("beat"),
            ["overlap"] = "allow",
        });
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        var id = created["id"]!.GetValue<string>();
        Assert.Equal($"/api/schedules/{id}", response.Headers.Location!.OriginalString);
        var next = created["next"]!.AsArray().Select(t => DateTimeOffset.Parse(t!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, next.Count);
        Assert.All(next.Zip(next.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(2), pair.Second - pair.First));

        var goals = await WaitForGoalsAsync(Admin, id, 2);
        Assert.All(goals, g => Assert.StartsWith($"g_{id}_", g!["id"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(goals.Count, goals.Select(g => g!["id"]!.GetValue<string>()).Distinct().Count());
        var first = goals[^1]!["id"]!.GetValue<string>();
        Assert.Equal("Succeeded", (await Admin.WaitFinishedAsync(first, TimeSpan.FromSeconds(30)))["status"]!.GetValue<string>());

        var paused = (await (await Admin.PostJsonAsync($"/api/schedules/{id}/pause")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(paused["paused"]!.GetValue<bool>());
        Assert.Empty(paused["next"]!.AsArray());
        var resumed = (await (await Admin.PostJsonAsync($"/api/schedules/{id}/resume")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(resumed["paused"]!.GetValue<bool>());
        Assert.NotEmpty(resumed["next"]!.AsArray());

        using (var delete = await Admin.DeleteAsync($"/api/schedules/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, await Admin.StatusOfGetAsync($"/api/schedules/{id}"));
        Assert.Equal(HttpStatusCode.OK, await Admin.StatusOfGetAsync($"/api/goals/{first}"));
    }

    [Fact]
    public async Task GoalWithSchedule_SixFieldCron_CreatesAScheduleThatFires()
    {
        var body = EchoGoal("from a goal submission");
        body["schedule"] = "*/2 * * * * *";

        using var response = await Admin.PostGoalAsync(body);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("*/2 * * * * *", created["cron"]!.GetValue<string>());
        await WaitForGoalsAsync(Admin, id, 1);
        (await Admin.DeleteAsync($"/api/schedules/{id}")).Dispose();
    }

    [Fact]
    public async Task OtherPrincipal_Schedule_Is404AndNotListed_ReadOnlyKeyCannotCreate()
    {
        var (_, aliceKey) = await Admin.CreateKeyAsync("sched-alice-" + Guid.NewGuid().ToString("N")[..6], "user");
        var (_, bobKey) = await Admin.CreateKeyAsync("sched-bob-" + Guid.NewGuid().ToString("N")[..6], "user");
        var (_, readerKey) = await Admin.CreateKeyAsync("sched-reader", "read-only");
        using var alice = Admin.WithKey(aliceKey);
        using var bob = Admin.WithKey(bobKey);
        using var reader = Admin.WithKey(readerKey);
        using var response = await alice.PostJsonAsync("/api/schedules", new JsonObject { ["name"] = "alice's", ["cron"] = "0 9 * * *", ["timeZone"] = "Europe/Berlin", ["goal"] = EchoGoal("morning") });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, await bob.StatusOfGetAsync($"/api/schedules/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, await bob.StatusOfPostAsync($"/api/schedules/{id}/pause"));
        Assert.Equal(HttpStatusCode.NotFound, await bob.StatusOfGetAsync($"/api/goals?schedule={id}"));
        using (var delete = await bob.DeleteAsync($"/api/schedules/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        Assert.Empty(await bob.GetItemsAsync("/api/schedules"));
        Assert.Single(await alice.GetItemsAsync("/api/schedules"));
        Assert.Contains(await Admin.GetItemsAsync("/api/schedules?limit=500"), s => s!["id"]!.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.OK, await alice.StatusOfGetAsync($"/api/schedules/{id}"));
        Assert.Equal(HttpStatusCode.Forbidden, await reader.StatusOfPostAsync("/api/schedules", new JsonObject { ["name"] = "x", ["every"] = "1h", ["goal"] = EchoGoal("x") }));
        (await alice.DeleteAsync($"/api/schedules/{id}")).Dispose();
    }

    [Theory]
    [InlineData("""{"name":"n","cron":"0 9 * * *","timeZone":"Mars/Olympus_Mons","goal":{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"}]}}}""", "timeZone")]
    [InlineData("""{"name":"n","cron":"0 9 * *","goal":{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"}]}}}""", "cron")]
    [InlineData("""{"name":"n","goal":{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"}]}}}""", "cron")]
    [InlineData("""{"name":"n","every":"1.5s","goal":{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"}]}}}""", "every")]
    [InlineData("""{"name":"n","every":"soon","goal":{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"}]}}}""", "every")]
    [InlineData("""{"name":"","every":"1h","goal":{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"}]}}}""", "name")]
    [InlineData("""{"name":"n","every":"1h","overlap":"sometimes","goal":{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"}]}}}""", "overlap")]
    [InlineData("""{"name":"n","every":"1h","misfire":"never","goal":{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"}]}}}""", "misfire")]
    [InlineData("""{"name":"n","every":"1h","colour":"red","goal":{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"}]}}}""", "colour")]
    [InlineData("""{"name":"n","every":"1h","goal":{"title":"t","plan":{"steps":[{"id":"a","tool":"no.such.tool"}]}}}""", "goal.plan.steps[0].tool")]
    [InlineData("""{"name":"n","every":"1h","goal":{"title":"t","schedule":"0 9 * * *","plan":{"steps":[{"id":"a","tool":"echo"}]}}}""", "goal.schedule")]
    public async Task Create_BadInput_Is422NamingTheFieldAndCreatesNothing(string body, string field)
    {
        var before = (await Admin.GetItemsAsync("/api/schedules?limit=500")).Count;

        using var response = await Admin.PostAsync("/api/schedules", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(problem["errors"]!.AsArray().Any(e => e!["path"]!.GetValue<string>() == field), problem.ToJsonString());
        Assert.Equal(before, (await Admin.GetItemsAsync("/api/schedules?limit=500")).Count);
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyTwice_IsOneSchedule_OtherBody_Is409()
    {
        var body = new JsonObject { ["name"] = "daily", ["cron"] = "0 6 * * *", ["goal"] = EchoGoal("daily") };
        var first = await PostWithKeyAsync(body, "sched-key-1");
        var again = await PostWithKeyAsync(body, "sched-key-1");
        body["name"] = "changed";
        var conflict = await PostWithKeyAsync(body, "sched-key-1");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        (await Admin.DeleteAsync($"/api/schedules/{first.Id}")).Dispose();
    }

    [Fact]
    public async Task ScopedKey_ScheduleOutsideItsScopes_Is403()
    {
        var (_, key) = await Admin.CreateKeyAsync("sched-scoped", "user", "tool:wait");
        using var scoped = Admin.WithKey(key);

        using var response = await scoped.PostJsonAsync("/api/schedules", new JsonObject { ["name"] = "n", ["every"] = "1h", ["goal"] = EchoGoal("t") });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<(HttpStatusCode Status, string? Id)> PostWithKeyAsync(JsonObject body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/schedules") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await Admin.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (response.StatusCode, json?["id"]?.GetValue<string>());
    }

    /// <summary>Polls <c>GET /api/goals?schedule=</c> until it lists at least <paramref name="count"/> goals (newest first).</summary>
    public static async Task<JsonArray> WaitForGoalsAsync(HttpClient client, string scheduleId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var goals = await client.GetItemsAsync($"/api/goals?schedule={scheduleId}&limit=500");
            if (goals.Count >= count)
            {
                return goals;
            }

            Assert.True(DateTime.UtcNow < deadline, $"schedule {scheduleId} fired {goals.Count} goals, expected {count}");
            await Task.Delay(200);
        }
    }
}
