using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>Per-principal quotas from configuration, on the real host.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class QuotaTests
{
    [Fact]
    public async Task Quotas_RunningGoalsAndStepsPerHour_RefuseWith429UntilThereIsRoom()
    {
        await using var host = await PaiProcess.StartNewAsync(new Dictionary<string, string>
        {
            ["Pai__Quotas__Principals__runner__MaxRunningGoals"] = "3",
            ["Pai__Quotas__Principals__stepper__MaxStepsPerHour"] = "3",
        });
        var (_, runnerKey) = await host.Client.CreateKeyAsync("runner", "user");
        var (_, stepperKey) = await host.Client.CreateKeyAsync("stepper", "user");
        using var runner = host.Client.WithKey(runnerKey);
        using var stepper = host.Client.WithKey(stepperKey);

        // Ten at once against a limit of three: the principal's admissions are serialized, so exactly three get in.
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await runner.PostGoalAsync(Goal($"long {i}", Step("nap", "wait", new { @for = "60s" })));
            return (response.StatusCode, response.Headers.RetryAfter, Body: await response.Content.ReadFromJsonAsync<JsonObject>());
        }));
        var accepted = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).Select(a => a.Body!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(3, accepted.Count);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode);
            Assert.NotNull(a.RetryAfter);
            Assert.Equal("runningGoals", a.Body!["quota"]!.GetValue<string>());
        });

        // A finished goal makes room; other principals were never limited.
        Assert.Equal(HttpStatusCode.Accepted, await runner.StatusOfPostAsync($"/api/goals/{accepted[0]}/cancel"));
        await runner.SubmitAsync(Goal("room again", Step("nap", "wait", new { @for = "60s" })));
        await host.Client.SubmitAsync(Goal("admin is unlimited", Step("only", "echo", new { x = 1 })));

        // Steps per hour: 2 (under 3) then 2 more (carries it to 4), then refused.
        await stepper.SubmitAsync(Goal("two", Step("a", "echo", new { x = 1 }), Step("b", "echo", new { x = 2 })));
        await stepper.SubmitAsync(Goal("two more", Step("a", "echo", new { x = 1 }), Step("b", "echo", new { x = 2 })));
        using var refused = await stepper.PostGoalAsync(Goal("over", Step("a", "echo", new { x = 1 })));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("stepsPerHour", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["quota"]!.GetValue<string>());
    }
}
