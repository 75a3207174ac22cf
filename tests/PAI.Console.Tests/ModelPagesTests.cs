using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PAI.Console.Tests.Infrastructure;
using PAI.Host.Tests.Infrastructure;
using PAI.Testing.Models;
using static Microsoft.Playwright.Assertions;

namespace PAI.Console.Tests;

/// <summary>With a model (the scripted OpenAI-compatible server): a free-form goal typed into the submit page is planned
/// and run by an agent; its step shows the agent's transcript, its Usage tab and the Model usage page show the tokens.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ModelPagesTests(ConsoleHost browser, ModelConsoleHost model) : IClassFixture<ModelConsoleHost>
{
    [ChromiumFact]
    public async Task FreeFormGoal_IsPlannedAndRun_StepShowsTranscript_UsageTabAndModelUsagePageShowTokens()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var longAnswer = $"done {token}: " + string.Concat(Enumerable.Repeat("the log has one more line. ", 40));
        static bool IsPlanner(ScriptedRequest r) => r.System.Contains("PAI's planner", StringComparison.Ordinal);
        bool IsAgent(ScriptedRequest r) => !IsPlanner(r) && r.AllUser.Contains(token, StringComparison.Ordinal);
        var server = model.ModelServer;
        server.On(r => IsPlanner(r) && r.AllUser.Contains(token, StringComparison.Ordinal), _ => ScriptedReply.Json(new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "work", ["task"] = $"append one line to out/log.txt, then say done ({token})" }),
        }));
        server.On(r => IsAgent(r) && r.ToolResults.Count == 0, _ => ScriptedReply.Call("file_append", new JsonObject { ["path"] = "out/log.txt", ["content"] = "one line\n" }));
        server.On(r => IsAgent(r) && r.ToolResults.Count == 1, _ => ScriptedReply.Text(longAnswer));

        await using var console = await browser.OpenAsync(other: model.Host);
        await console.SignInAsync("#/submit");
        await console.Page.GetByRole(AriaRole.Radio, new() { Name = "Describe it" }).ClickAsync();
        await console.Page.FillAsync("#goal-description", $"Keep a log for me ({token})\nAppend one line and tell me when it is done.");
        await console.ScreenshotAsync("submit-free-form");
        await console.Page.ClickAsync("#submit-goal");

        // The title is the description's first line; the model planner's one step runs and succeeds.
        await Expect(console.Page.Locator(".goal-title")).ToHaveTextAsync($"Keep a log for me ({token})");
        await Expect(console.Page.Locator(".dag-node.status-Succeeded[data-step='work']")).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        await console.Page.Locator(".dag-node[data-step='work']").ClickAsync();

        // The transcript: the task as the prompt, the model's call with its arguments, the tool's answer, the final text cut with expand.
        var transcript = console.Page.Locator(".step-detail .transcript[data-scope='task']");
        await Expect(transcript.Locator(".turn-user")).ToContainTextAsync(token);
        await Expect(transcript.Locator(".turn-call")).ToContainTextAsync("file.append");
        await Expect(transcript.Locator(".turn-call .json-view")).ToContainTextAsync("out/log.txt");
        await Expect(transcript.Locator(".turn-tool .call-ok")).ToHaveTextAsync("ok");
        var answer = transcript.Locator(".turn-assistant").Last;
        await Expect(answer).ToContainTextAsync($"done {token}");
        await Expect(answer).Not.ToContainTextAsync(longAnswer.Trim());
        await answer.Locator(".clip-more").ClickAsync();
        await Expect(answer).ToContainTextAsync(longAnswer.Trim());
        await transcript.ScrollIntoViewIfNeededAsync();
        await console.ScreenshotAsync("goal-transcript", fullPage: false);

        // Usage as the goal records it: by model and by agent, the same figures as the API's.
        var id = console.Page.Url.Split("#/goals/")[1].Split('?')[0];
        var goal = await model.Host.Client.GetGoalAsync(Uri.UnescapeDataString(id));
        var total = goal["usage"]!["total"]!;
        var agent = goal["usage"]!["byAgent"]!["default"]!;
        await console.Page.GetByRole(AriaRole.Tab, new() { Name = "Usage" }).ClickAsync();
        var byModel = console.Page.Locator($".usage-by-model tr[data-key='{ModelConsoleHost.Model}']");
        await Expect(byModel.Locator("td").Nth(1)).ToHaveTextAsync(Number(total["calls"]!));
        await Expect(byModel.Locator("td").Nth(2)).ToHaveTextAsync(Number(total["inputTokens"]!));
        var byAgent = console.Page.Locator(".usage-by-agent tr[data-key='default']");
        await Expect(byAgent.Locator("td").Nth(3)).ToHaveTextAsync(Number(agent["outputTokens"]!));
        Assert.True(agent["calls"]!.GetValue<long>() >= 2, "the agent took two turns");
        await console.ScreenshotAsync("goal-usage");

        // The Model usage page shows what the host sums (GET /api/usage): this is the only goal that used a model.
        await console.GoAsync("#/usage");
        await Expect(console.Page.Locator("#usage-progress")).ToContainTextAsync("goal");
        var owner = goal["owner"]!.GetValue<string>();
        var principal = console.Page.Locator($".usage-by-principal tr[data-key='{owner}']");
        await Expect(principal.Locator("td").Nth(2)).ToHaveTextAsync(Number(total["inputTokens"]!));
        await Expect(console.Page.Locator($".usage-by-model tr[data-key='{ModelConsoleHost.Model}'] td").Nth(1)).ToHaveTextAsync(Number(total["calls"]!));
        await Expect(console.Page.Locator(".usage-by-agent tr[data-key='default']")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator(".usage-goals tbody")).ToContainTextAsync(token);
        var summary = (await model.Host.Client.GetFromJsonAsync<JsonObject>("/api/usage"))!;
        await Expect(console.Page.Locator($".usage-by-model tr[data-key='{ModelConsoleHost.Model}'] td").Nth(2)).ToHaveTextAsync(Number(summary["byModel"]![ModelConsoleHost.Model]!["inputTokens"]!));
        await Expect(console.Page.Locator(".usage-total")).ToContainTextAsync(Number(summary["total"]!["outputTokens"]!));
        await console.ScreenshotAsync("model-usage");

        // Every principal's (an admin key): the same goal, under its owner.
        await console.Page.SelectOptionAsync("#usage-whose", "*");
        await Expect(console.Page.Locator("#usage-whose")).ToHaveValueAsync("*");
        await Expect(principal.Locator("td").Nth(2)).ToHaveTextAsync(Number(total["inputTokens"]!));
        console.AssertNoConsoleErrors();
    }

    private static string Number(JsonNode value) => value.GetValue<long>().ToString("N0", CultureInfo.InvariantCulture);
}
