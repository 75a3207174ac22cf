using System.Net;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Host.Tests;

/// <summary><c>pai schedules ...</c> against a real host.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class SchedulesCliTests(SharedHost shared) : IClassFixture<SharedHost>
{
    [Fact]
    public async Task SchedulesCommands_CreateListShowPauseResumeGoalsDelete_WorkEndToEnd()
    {
        var host = shared.Host;
        var file = Path.Combine(host.DataDirectory, $"schedule-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            { "name": "cli beat", "every": "2s", "overlap": "allow",
              "goal": { "title": "cli beat", "plan": { "steps": [ { "id": "only", "tool": "echo", "with": { "x": 1 } } ] } } }
            """);

        var (code, created, error) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "schedules", "create", file);
        Assert.True(code == 0, error);
        var id = created.Trim();
        Assert.StartsWith("s_", id, StringComparison.Ordinal);
        Assert.Contains("next ", error, StringComparison.Ordinal);

        var (listCode, listed, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "schedules", "list", "--json");
        Assert.Equal(0, listCode);
        Assert.Contains(JsonNode.Parse(listed)!["items"]!.AsArray(), s => s!["id"]!.GetValue<string>() == id);

        await SchedulesTests.WaitForGoalsAsync(host.Client, id, 1);
        var (goalsCode, goals, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "schedules", "goals", id, "--json");
        Assert.Equal(0, goalsCode);
        Assert.All(JsonNode.Parse(goals)!["items"]!.AsArray(), g => Assert.StartsWith($"g_{id}_", g!["id"]!.GetValue<string>(), StringComparison.Ordinal));

        var (pauseCode, paused, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "schedules", "pause", id);
        Assert.Equal(0, pauseCode);
        Assert.Equal($"{id} paused", paused.Trim());
        var (showCode, shown, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "schedules", "show", id, "--json");
        Assert.Equal(0, showCode);
        Assert.True(JsonNode.Parse(shown)!["paused"]!.GetValue<bool>());
        var (resumeCode, resumed, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "schedules", "resume", id);
        Assert.Equal(0, resumeCode);
        Assert.Equal($"{id} active", resumed.Trim());

        var (deleteCode, _, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "schedules", "delete", id);
        Assert.Equal(0, deleteCode);
        Assert.Equal(HttpStatusCode.NotFound, await host.Client.StatusOfGetAsync($"/api/schedules/{id}"));
        var (missingCode, _, missing) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "schedules", "show", id);
        Assert.Equal(1, missingCode);
        Assert.Contains("404", missing, StringComparison.Ordinal);
    }
}
