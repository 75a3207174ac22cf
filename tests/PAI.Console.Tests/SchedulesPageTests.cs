using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PAI.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Console.Tests;

/// <summary>The schedules page: the list with next fire times, a schedule's page with the goals it fired, pause,
/// resume and delete.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class SchedulesPageTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task Schedules_ListNextFireTimes_FiredGoals_PauseResumeDelete()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var client = host.Host.Client;
        JsonObject created;
        using (var response = await client.PostAsJsonAsync("/api/schedules", new JsonObject
        {
            ["name"] = $"nightly-{marker}",
            ["every"] = "2s",
            ["goal"] = Goal($"Tick {marker}", Step("tick", "echo", new { text = "tick" })),
        }))
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        }

        var id = created["id"]!.GetValue<string>();
        try
        {
            // The first fire's goal (the page lists what GET /api/goals?schedule= lists).
            var fired = await WaitFiredAsync(client, id);

            await using var console = await host.OpenAsync();
            await console.SignInAsync();
            await console.Page.ClickAsync("#nav-list a[href='#/schedules']");
            var row = console.Page.Locator($".schedules-table tr[data-id='{id}']");
            await Expect(row).ToContainTextAsync($"nightly-{marker}");
            await Expect(row).ToContainTextAsync("every 00:00:02");
            await Expect(row.Locator(".schedule-next time")).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex("^20"));
            await console.ScreenshotAsync("schedules");

            await row.Locator(".schedule-name").ClickAsync();
            await Expect(console.Page.Locator("h1")).ToHaveTextAsync($"nightly-{marker}");
            await Expect(console.Page.Locator(".schedule-next-list li")).ToHaveCountAsync(5);
            await Expect(console.Page.Locator($".schedule-goals tr[data-id='{fired}']")).ToContainTextAsync($"Tick {marker}");
            await Expect(console.Page.Locator(".fires-table tbody")).ToContainTextAsync("submitted");
            await console.ScreenshotAsync("schedule");

            // Pause: no next fire times; resume: they are back.
            await console.Page.ClickAsync(".schedule-toggle");
            await Expect(console.Page.Locator(".page-head .badge")).ToHaveTextAsync("paused");
            await Expect(console.Page.Locator(".schedule-next-list")).ToContainTextAsync("Paused");
            Assert.True((await client.GetFromJsonAsync<JsonObject>($"/api/schedules/{id}"))!["paused"]!.GetValue<bool>());
            await console.Page.ClickAsync(".schedule-toggle");
            await Expect(console.Page.Locator(".page-head .badge")).ToHaveTextAsync("active");
            await Expect(console.Page.Locator(".schedule-next-list li")).ToHaveCountAsync(5);

            // Delete asks twice, then the list no longer has it; its goals stay.
            await console.Page.ClickAsync(".schedule-delete");
            await console.Page.ClickAsync(".schedule-delete");
            await console.Page.WaitForFunctionAsync("() => location.hash === '#/schedules'");
            await Expect(console.Page.Locator(".schedules-table tbody")).Not.ToContainTextAsync($"nightly-{marker}");
            using (var gone = await client.GetAsync(new Uri($"/api/schedules/{id}", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            }

            using (var kept = await client.GetAsync(new Uri($"/api/goals/{fired}", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
            }
            console.AssertNoConsoleErrors();
        }
        finally
        {
            (await client.DeleteAsync(new Uri($"/api/schedules/{id}", UriKind.Relative))).Dispose();
        }
    }

    private static async Task<string> WaitFiredAsync(HttpClient client, string scheduleId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonObject>($"/api/goals?schedule={scheduleId}", timeout.Token);
            if (page!["items"]!.AsArray().FirstOrDefault() is { } goal)
            {
                return goal["id"]!.GetValue<string>();
            }

            await Task.Delay(250, timeout.Token);
        }
    }
}
