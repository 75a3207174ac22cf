using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using PAI.Testing.Models;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary><c>GET /api/usage</c> on the real host, against the scripted model server: the caller's goals created in
/// the window summed by model and by agent exactly as each goal's own usage says, nobody else's; another principal's
/// usage for admin keys only (404 for a user key), every principal's with <c>*</c>; bad windows and names as 422.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class UsageApiTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Usage_SumsTheCallersGoalsInTheWindow_ByModelAndAgent_OthersOnlyForAdmins()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        model.On(r => r.AllUser.Contains("alpha", StringComparison.Ordinal), _ => ScriptedReply.Text("alpha done") with { InputTokens = 100, OutputTokens = 20 });
        model.On(_ => true, _ => ScriptedReply.Text("ok") with { InputTokens = 7, OutputTokens = 3 });
        await using var host = await PaiProcess.StartNewAsync(new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = model.BaseUrl.ToString(),
            ["PAI_MODEL"] = "scripted",
        });
        var (_, aliceKey) = await host.Client.CreateKeyAsync("alice", "user");
        var (_, bobKey) = await host.Client.CreateKeyAsync("bob", "user");
        using var alice = host.Client.WithKey(aliceKey);
        using var bob = host.Client.WithKey(bobKey);
        var from = Iso(DateTimeOffset.UtcNow.AddSeconds(-2));

        var ids = new[]
        {
            await alice.SubmitAsync(Goal("alpha task", new JsonObject { ["id"] = "think", ["task"] = "alpha: say done" })),
            await alice.SubmitAsync(Goal("alpha chat", Step("chat", "llm.chat", new { prompt = "alpha chat" }))),
            await alice.SubmitAsync(Goal("no model", Step("echo", "echo", new { text = "hi" }))),
        };
        var bobsId = await bob.SubmitAsync(Goal("bob chat", Step("chat", "llm.chat", new { prompt = "beta" })));
        var goals = new List<JsonObject>();
        foreach (var id in ids)
        {
            goals.Add(await alice.WaitFinishedAsync(id, Safety));
        }

        var bobs = await bob.WaitFinishedAsync(bobsId, Safety);
        Assert.All(goals.Append(bobs), g => Assert.Equal("Succeeded", g["status"]!.GetValue<string>()));

        // The caller's own: the sum of its goals' own usage, by model and by agent.
        var usage = await ApiAnswers.OkJsonAsync(await alice.GetAsync(new Uri($"/api/usage?from={Uri.EscapeDataString(from)}", UriKind.Relative)));
        Assert.Equal("alice", usage["principal"]!.GetValue<string>());
        Assert.Equal(3, usage["goals"]!.GetValue<int>());
        Assert.Equal(2, usage["goalsWithUsage"]!.GetValue<int>());
        Assert.False(usage["truncated"]!.GetValue<bool>());
        foreach (var field in new[] { "calls", "inputTokens", "outputTokens" })
        {
            Assert.Equal(goals.Sum(g => g["usage"]!["total"]![field]!.GetValue<long>()), usage["total"]![field]!.GetValue<long>());
        }

        Assert.True(usage["total"]!["inputTokens"]!.GetValue<long>() >= 200, usage.ToJsonString());
        Assert.Equal(["scripted"], usage["byModel"]!.AsObject().Select(p => p.Key));
        Assert.Equal(usage["total"]!["inputTokens"]!.GetValue<long>(), usage["byModel"]!["scripted"]!["inputTokens"]!.GetValue<long>());
        var agents = goals[0]["usage"]!["byAgent"]!.AsObject();
        Assert.NotEmpty(agents);
        foreach (var (agent, value) in agents)
        {
            Assert.Equal(value!["inputTokens"]!.GetValue<long>(), usage["byAgent"]![agent]!["inputTokens"]!.GetValue<long>());
        }

        Assert.Equal(["alice"], usage["byPrincipal"]!.AsObject().Select(p => p.Key));
        var top = usage["topGoals"]!.AsArray();
        Assert.Equal(2, top.Count);
        Assert.DoesNotContain(top, t => t!["id"]!.GetValue<string>() == ids[2]);
        Assert.DoesNotContain(top, t => t!["id"]!.GetValue<string>() == bobsId);

        // Bob sees his own only, and Alice's is not there for him.
        var bobsUsage = await ApiAnswers.OkJsonAsync(await bob.GetAsync(new Uri($"/api/usage?from={Uri.EscapeDataString(from)}", UriKind.Relative)));
        Assert.Equal(1, bobsUsage["goals"]!.GetValue<int>());
        Assert.Equal(bobs["usage"]!["total"]!["inputTokens"]!.GetValue<long>(), bobsUsage["total"]!["inputTokens"]!.GetValue<long>());
        using (var others = await bob.GetAsync(new Uri("/api/usage?principal=alice", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        }

        using (var everyone = await bob.GetAsync(new Uri("/api/usage?principal=*", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, everyone.StatusCode);
        }

        // An admin key: Alice's as she sees it, and everyone's by principal.
        var asAdmin = await ApiAnswers.OkJsonAsync(await host.Client.GetAsync(new Uri($"/api/usage?principal=alice&from={Uri.EscapeDataString(from)}", UriKind.Relative)));
        Assert.Equal(usage["total"]!.ToJsonString(), asAdmin["total"]!.ToJsonString());
        var all = await ApiAnswers.OkJsonAsync(await host.Client.GetAsync(new Uri($"/api/usage?principal=*&from={Uri.EscapeDataString(from)}", UriKind.Relative)));
        Assert.Equal("*", all["principal"]!.GetValue<string>());
        Assert.Equal(["alice", "bob"], all["byPrincipal"]!.AsObject().Select(p => p.Key));
        Assert.Equal(4, all["goals"]!.GetValue<int>());

        // A window that ends before the goals were created holds none of them.
        var earlier = await ApiAnswers.OkJsonAsync(await alice.GetAsync(new Uri($"/api/usage?to={Uri.EscapeDataString(from)}", UriKind.Relative)));
        Assert.Equal(0, earlier["goals"]!.GetValue<int>());
        Assert.Equal(0, earlier["total"]!["calls"]!.GetValue<long>());

        // Bad windows and names: 422 naming the parameter.
        foreach (var (query, field) in new[]
        {
            ("?from=yesterday", "from"),
            ("?to=2026-13-01T00:00:00Z", "to"),
            ("?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "from"),
            ("?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z", "from"),
            ("?principal=not%20a%20name", "principal"),
        })
        {
            await ApiAnswers.AssertInvalidAsync(await alice.GetAsync(new Uri("/api/usage" + query, UriKind.Relative)), field);
        }
    }

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
