using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using PAI.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PAI.Console.Tests;

/// <summary>The keys page, shown because the host serves /api/keys: create a key (its secret shown once and working),
/// rotate it (the old secret refused), revoke the new one (refused too).</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class KeysPageTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task Keys_CreateRotateRevoke_SecretShownOnceAndRefusedOnceReplacedOrRevoked()
    {
        var principal = "anna-" + Guid.NewGuid().ToString("N")[..6];
        await using var console = await host.OpenAsync();
        await console.SignInAsync();
        await console.Page.ClickAsync("#nav-list a[href='#/keys']");
        await Expect(console.Page.Locator("h1")).ToHaveTextAsync("API keys");

        // A bad principal is refused, naming the field, and nothing is created.
        console.ExpectRefusal(422, "/api/keys");
        await console.Page.FillAsync("#key-principal", "not a principal!");
        await console.Page.ClickAsync("#key-create");
        await Expect(console.Page.Locator(".key-create .form-error")).ToContainTextAsync("principal");

        await console.Page.FillAsync("#key-principal", principal);
        await console.Page.SelectOptionAsync("#key-role", "operator");
        await console.Page.FillAsync("#key-scopes", "tool:echo");
        await console.Page.ClickAsync("#key-create");
        var first = (await console.Page.Locator("#key-secret-value").TextContentAsync())!.Trim();
        Assert.StartsWith("pai_", first, StringComparison.Ordinal);
        var row = console.Page.Locator(".keys-table tbody tr", new() { HasText = principal });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("operator");
        await Expect(row).ToContainTextAsync("tool:echo");
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(first));
        await console.ScreenshotAsync("keys");

        // Dismissed, the secret is gone from the page.
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(console.Page.Locator("#key-secret-value")).ToHaveCountAsync(0);
        Assert.DoesNotContain(first, await console.Page.ContentAsync(), StringComparison.Ordinal);

        await row.Locator("[data-action=rotate]").ClickAsync();
        await row.Locator("[data-action=rotate]").ClickAsync();
        await Expect(console.Page.Locator("#key-secret-value")).Not.ToHaveTextAsync(first);
        var second = (await console.Page.Locator("#key-secret-value").TextContentAsync())!.Trim();
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(first));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(second));

        var active = console.Page.Locator(".keys-table tbody tr", new() { HasText = principal });
        await Expect(active).ToHaveCountAsync(1);
        await active.Locator("[data-action=revoke]").ClickAsync();
        await active.Locator("[data-action=revoke]").ClickAsync();
        await Expect(active).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(second));

        // Both are still listed with revoked ones shown.
        await console.Page.CheckAsync("#keys-revoked");
        await Expect(console.Page.Locator(".keys-table tbody tr.revoked", new() { HasText = principal })).ToHaveCountAsync(2);
        console.AssertNoConsoleErrors();
    }

    private async Task<HttpStatusCode> StatusWithAsync(string key)
    {
        using var client = new HttpClient { BaseAddress = host.Host.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.GetAsync(new Uri("/api/goals?limit=1", UriKind.Relative));
        return response.StatusCode;
    }
}
