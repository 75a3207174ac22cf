using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PAI.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Console.Tests;

/// <summary>The approvals inbox across goals, the badge every page shows, and deciding from a goal's page.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ApprovalsPageTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task Inbox_ApproveOneAndRejectAnotherWithComments_GoalsFollowAndTheBadgeClears()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var toApprove = await host.Host.Client.SubmitAsync(Goal($"Publish report {marker}",
            Step("draft", "echo", new { text = "draft" }),
            NeedsApproval(Step("publish", "file.write", new { path = "out/report.md", content = "${steps.draft.output.text}" }, "draft"))));
        var toReject = await host.Host.Client.SubmitAsync(Goal($"Wipe cache {marker}", NeedsApproval(Step("wipe", "file.write", new { path = "out/cache.txt", content = "" }))));

        await using var console = await host.OpenAsync();
        await console.SignInAsync();
        var approveCard = console.Page.Locator($".approval[data-goal='{toApprove}']");
        var rejectCard = console.Page.Locator($".approval[data-goal='{toReject}']");

        // The badge is on every page, goals list included.
        await Expect(console.Page.Locator("#approvals-badge")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await console.Page.ClickAsync("#nav-list a[href='#/approvals']");
        await Expect(approveCard).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(rejectCard).ToBeVisibleAsync();
        await Expect(approveCard).ToContainTextAsync("file.write");
        await Expect(approveCard.Locator(".json-view")).ToContainTextAsync("${steps.draft.output.text}");
        await console.ScreenshotAsync("approvals");

        await approveCard.Locator("textarea").FillAsync("checked the draft");
        await approveCard.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(approveCard).ToHaveCountAsync(0);
        await rejectCard.Locator("textarea").FillAsync("not while people use it");
        await rejectCard.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(rejectCard).ToHaveCountAsync(0);

        var approved = await host.Host.Client.WaitFinishedAsync(toApprove, TimeSpan.FromSeconds(30));
        var rejected = await host.Host.Client.WaitFinishedAsync(toReject, TimeSpan.FromSeconds(30));
        Assert.Equal("Succeeded", approved["status"]!.GetValue<string>());
        Assert.Equal("Failed", rejected["status"]!.GetValue<string>());
        Assert.Equal("rejected by admin: not while people use it", rejected["steps"]![0]!["error"]!.GetValue<string>());
        var audit = await host.Host.Client.GetStringAsync(new Uri($"/api/audit?goal={toApprove}&kind=step.approved", UriKind.Relative));
        Assert.Contains("checked the draft", audit, StringComparison.Ordinal);
        console.AssertNoConsoleErrors();
    }

    [ChromiumFact]
    public async Task GoalPage_WaitingStep_ApprovedFromItsDetailWithTheKeyboard()
    {
        var id = await host.Host.Client.SubmitAsync(Goal("Approve from the graph", NeedsApproval(Step("deploy", "echo", new { target = "home" })), Step("notify", "echo", new { }, "deploy")));

        await using var console = await host.OpenAsync();
        await console.SignInAsync($"#/goals/{id}");
        var node = console.Page.Locator(".dag-node[data-step='deploy']");
        await Expect(node).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("status-WaitingForApproval"), new() { Timeout = 30_000 });
        await node.FocusAsync();
        await console.Page.Keyboard.PressAsync("Enter");
        await Expect(console.Page.Locator(".decision")).ToBeVisibleAsync();
        await console.ScreenshotAsync("goal-waiting");
        await console.Page.FillAsync("#decision-comment", "go");
        await console.Page.Locator(".decision").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(console.Page.Locator(".dag-node.status-Succeeded")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(console.Page.Locator(".step-detail .badge")).ToHaveTextAsync("Succeeded");
        console.AssertNoConsoleErrors();
    }

    private static JsonObject NeedsApproval(JsonObject step)
    {
        step["approval"] = true;
        return step;
    }
}
