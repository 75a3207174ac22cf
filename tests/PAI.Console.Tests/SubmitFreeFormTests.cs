using Microsoft.Playwright;
using PAI.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PAI.Console.Tests;

/// <summary>The submit page's free-form mode on a host with no model: the host's 422 is shown in its own words.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class SubmitFreeFormTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task FreeFormGoal_WithNoModelConfigured_ShowsTheProblemSayingHowToConfigureOne()
    {
        await using var console = await host.OpenAsync();
        await console.SignInAsync("#/submit?mode=free");
        await Expect(console.Page.GetByRole(AriaRole.Radio, new() { Name = "Describe it" })).ToHaveAttributeAsync("aria-checked", "true");
        await console.Page.FillAsync("#goal-description", "Summarise what changed in my notes this week");
        console.ExpectRefusal(422, "/api/goals");
        await console.Page.ClickAsync("#submit-goal");

        await Expect(console.Page.Locator(".form-errors")).ToContainTextAsync("no model is configured");
        await Expect(console.Page.Locator(".form-errors")).ToContainTextAsync("OPENAI_BASE_URL");
        Assert.EndsWith("#/submit?mode=free", console.Page.Url, StringComparison.Ordinal);
        await console.ScreenshotAsync("submit-free-form-no-model");
        console.AssertNoConsoleErrors();
    }
}
