using System.Net;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>Regression tests for template input that made the old backtracking pattern run for minutes and starve every
/// other caller: the host refuses it at submit, and other keys' goals run meanwhile.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class HostileTemplateTests : IAsyncLifetime
{
    private PaiProcess? _host;

    private PaiProcess Host => _host!;

    public async Task InitializeAsync() => _host = await PaiProcess.StartNewAsync(seed: SeededKeys.WriteAsync);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Submit_ReDoSTemplates_AreRefusedAndOtherKeysGoalsStillRun()
    {
        // The reported attack: "${" and thousands of spaces, several at once (4,000, 8 KB and 12 KB).
        var hostile = new[] { 4_000, 8 * 1024, 12 * 1024, 12 * 1024 }
            .Select(n => Goal("redos", Step("a", "echo", new { t = "${" + new string(' ', n) })))
            .Select(body => Host.Client.PostGoalAsync(body))
            .ToList();
        using var other = SeededKeys.ClientFor(Host, SeededKeys.OtherKey);
        var otherGoal = other.SubmitAsync(Goal("meanwhile", Step("a", "echo", new { n = 1 }), Step("b", "echo", new { v = "${steps.a.output.n}" }, "a")));

        foreach (var response in await Task.WhenAll(hostile))
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422, got {(int)response.StatusCode}: {text}");
                Assert.Contains("is not closed by '}'", text, StringComparison.Ordinal);
            }
        }

        var finished = await other.WaitFinishedAsync(await otherGoal, TimeSpan.FromSeconds(60));
        Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
        Assert.Equal(0, await CountAsync("redos"));
    }

    [Theory]
    [InlineData("${inputs.a[99999999999]}")]
    [InlineData("${inputs.a[2147483648]}")]
    public async Task Submit_HugeIndex_Is422AndLeavesNothingBehind(string reference)
    {
        var body = new JsonObject
        {
            ["title"] = "ghost",
            ["inputs"] = new JsonObject { ["a"] = new JsonArray(1) },
            ["plan"] = new JsonObject { ["steps"] = new JsonArray(Step("a", "echo", new { v = reference })) },
        };

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await Host.Client.PostGoalAsync(body, "ghost-key-" + reference.Length);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422, got {(int)response.StatusCode}: {text}");
            Assert.Contains("is out of range (0 to 2147483647)", text, StringComparison.Ordinal);
        }

        Assert.Equal(0, await CountAsync("ghost"));
    }

    private async Task<int> CountAsync(string title)
    {
        var list = JsonNode.Parse(await Host.Client.GetStringAsync(new Uri("/api/goals?limit=500", UriKind.Relative)))!;
        var items = list as JsonArray ?? list["items"] as JsonArray ?? [];
        return items.Count(g => g?["title"]?.GetValue<string>() == title);
    }
}
