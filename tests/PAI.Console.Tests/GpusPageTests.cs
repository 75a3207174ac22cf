using Microsoft.Playwright;
using PAI.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Console.Tests;

/// <summary>The GPUs page on a host with two logical devices (Pai__Gpus__Devices__N__Name, docs/gpu.md).</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class GpusPageTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task GpuPage_LogicalDevices_ShowHolderTokenQueueUsageAndLeasesPerRequester()
    {
        // Three goals want a GPU for a few seconds each: two hold the devices, one waits in a queue.
        var goals = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var goal = Goal($"Train {i}", Step("train", "gpu.run", new { command = "sleep", args = new[] { "6" }, tier = "draft" }));
            goal["agent"] = ConsoleHost.GpuAgent;
            goals.Add(await host.Host.Client.SubmitAsync(goal));
        }

        await using var console = await host.OpenAsync();
        await console.SignInAsync("#/gpus");
        await Expect(console.Page.Locator(".gpu")).ToHaveCountAsync(2);
        await Expect(console.Page.Locator(".gpu h2").First).ToContainTextAsync("logical-");
        await Expect(console.Page.Locator(".gpu .holder .badge", new() { HasText = "Leased" })).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(console.Page.Locator(".gpu .token").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]+$"));
        await Expect(console.Page.Locator(".gpu .queue li")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(console.Page.Locator(".gpu svg.sparkline .spark-bar").First).ToBeAttachedAsync();
        await console.ScreenshotAsync("gpus");

        foreach (var goal in goals)
        {
            var done = await host.Host.Client.WaitFinishedAsync(goal, TimeSpan.FromSeconds(60));
            Assert.True(done["status"]!.GetValue<string>() == "Succeeded", done.ToJsonString());
        }

        // Afterwards both are free, and the leases of the last hour are counted per requester (each goal once).
        await Expect(console.Page.Locator(".gpu .holder .badge", new() { HasText = "Free" })).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        foreach (var goal in goals)
        {
            await Expect(console.Page.Locator($".gpu table a[title='{goal}']")).ToHaveCountAsync(1);
        }

        // From a goal's step, its lease (device and fencing token) is one click away.
        await console.GoAsync($"#/goals/{goals[0]}?step=train");
        await Expect(console.Page.Locator(".step-detail")).ToContainTextAsync("GPU lease");
        await Expect(console.Page.Locator(".step-detail")).ToContainTextAsync("Fencing token");
        console.AssertNoConsoleErrors();
    }
}
