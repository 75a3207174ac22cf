using System.Net;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>Timeouts and retry policies the step pipeline cannot run are refused at submit, naming the field (they once
/// left the goal Running forever with nothing logged); the bounds themselves run.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class StepLimitsTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private HttpClient Client => shared.Host.Client;

    [Theory]
    [InlineData("timeout", "1ms", "plan.steps[0].timeout")]
    [InlineData("timeout", "9ms", "plan.steps[0].timeout")]
    [InlineData("timeout", "25h", "plan.steps[0].timeout")]
    [InlineData("timeout", "2d", "plan.steps[0].timeout")]
    [InlineData("backoff", "2d", "plan.steps[0].retry.backoff")]
    public async Task Submit_LimitOutOfRange_Returns422NamingTheField(string field, string value, string path)
    {
        var step = Step("a", "echo", new { v = 1 });
        if (field == "timeout")
        {
            step["timeout"] = value;
        }
        else
        {
            step["retry"] = new JsonObject { ["maxAttempts"] = 3, ["backoff"] = value };
        }

        using var response = await Client.PostGoalAsync(Goal("limits", step));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(path, text, StringComparison.Ordinal);
        Assert.Contains("out of range", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_LimitsAtTheBounds_RunToTheEnd()
    {
        // Every bound goes into a pipeline that is built and run: 10 ms and 24 h timeouts, 100 attempts 1 day apart.
        var shortest = Step("a", "echo", new { v = 1 });
        shortest["timeout"] = "10ms";
        shortest["retry"] = new JsonObject { ["maxAttempts"] = 1 };
        var longest = Step("b", "echo", new { v = 2 });
        longest["timeout"] = "24h";
        longest["retry"] = new JsonObject { ["maxAttempts"] = 100, ["backoff"] = "1d" };

        var id = await Client.SubmitAsync(Goal("bounds", shortest, longest));
        var goal = await Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(60));

        // A 10 ms limit may be too short for a loaded machine; either way the goal ends with a reason, never hangs.
        Assert.Contains(goal["status"]!.GetValue<string>(), new[] { "Succeeded", "Failed" });
        Assert.Equal("Succeeded", goal["steps"]![1]!["status"]!.GetValue<string>());
    }
}
