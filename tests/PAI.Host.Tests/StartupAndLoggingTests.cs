using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>The host as a person starts it, with the shipped appsettings.json: start-up ends with a short banner (the
/// key only on the first start), and neither the retries of a goal nor Orleans' start-up fill the console.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class StartupAndLoggingTests
{
    private const string BannerTitle = "PAI is ready";
    private const string KeyLabel = "  admin key    ";

    [Fact]
    public async Task Host_ShippedSettings_PrintsBannerAndNoPollyOrOrleansInformation()
    {
        // Four 503s: the HTTP client's resilience handler retries three times (Polly), then the step's own retry runs.
        await using var flaky = FlakyHttpServer.Start(failures: 4);
        await using var host = await PaiProcess.StartWithShippedSettingsAsync();
        await WaitForAsync(() => host.Output.Contains(BannerTitle, StringComparison.Ordinal), host);

        var banner = Lines(host.Output).SkipWhile(l => l != BannerTitle).ToList();
        Assert.Contains($"  url          http://127.0.0.1:{host.Port}", banner);
        Assert.Contains("  mode         embedded (SQLite)", banner);
        Assert.Contains($"  data folder  {host.DataDirectory}", banner);
        var key = banner.Single(l => l.StartsWith(KeyLabel, StringComparison.Ordinal))[KeyLabel.Length..];
        Assert.StartsWith("pai_", key, StringComparison.Ordinal);

        host.UseKey(key);
        var step = Step("fetch", "http.request", new { url = flaky.Url });
        step["retry"] = new JsonObject { ["maxAttempts"] = 3, ["backoff"] = "10ms" };
        var id = await host.Client.SubmitAsync(Goal("with retries", step));
        var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(120));
        Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
        Assert.Equal(2, goal["steps"]![0]!["attempts"]!.GetValue<int>());
        Assert.Equal(5, flaky.Requests);

        // A restart shows the banner again, without the key.
        await host.KillAsync();
        await host.StartAsync();
        await WaitForAsync(() => Lines(host.Output).Count(l => l == BannerTitle) == 2, host);

        var output = host.Output;
        Assert.Single(Lines(output), l => l.StartsWith(KeyLabel, StringComparison.Ordinal));
        Assert.Equal(1, Occurrences(output, key));
        Assert.DoesNotContain(Lines(output), l => l.StartsWith("info: Polly", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(output), l => l.StartsWith("info: Orleans", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(output), l => l.StartsWith("info: Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(output), l => l.StartsWith("info: System.Net.Http", StringComparison.Ordinal));
        Assert.Contains(Lines(output), l => l.StartsWith("info: PAI.", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r'));

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task WaitForAsync(Func<bool> condition, PaiProcess host)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "no banner:\n" + host.Output);
            await Task.Delay(50);
        }
    }
}
