using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PAI.Host.Tests.Infrastructure;
using Xunit.Abstractions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>A schedule every two seconds on the real host, killed with SIGKILL and restarted.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class ScheduleDurabilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    // Shorter than the downtime (5 s and a restart), so that the downtime's fire times are missed under the policy.
    private static readonly TimeSpan MisfireThreshold = TimeSpan.FromSeconds(3);

    private static readonly Dictionary<string, string> Settings = new() { ["Pai__Schedules__MisfireThreshold"] = "00:00:03" };

    [Fact]
    public async Task EveryTwoSeconds_KilledAndRestarted_OneGoalPerFireTimeAndOnlyDowntimeFiresSkipped()
    {
        await using var host = await PaiProcess.StartNewAsync(Settings);
        using var response = await host.Client.PostJsonAsync("/api/schedules", new JsonObject
        {
            ["name"] = "heartbeat",
            ["every"] = "2s",
            ["goal"] = Goal("beat", Step("only", "echo", new { x = 1 })),
            ["overlap"] = "allow",
            ["misfire"] = "skip",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        await SchedulesTests.WaitForGoalsAsync(host.Client, id, 3);
        await Task.Delay(TimeSpan.FromMilliseconds(new Random(7).Next(0, 2000)));
        var beforeKill = (await GoalsAsync(host, id, wait: 0)).Count;
        await host.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        var reminders = CountReminders(host.DataDirectory);
        await Task.Delay(TimeSpan.FromSeconds(5));
        await host.StartAsync(Settings);

        var goals = await GoalsAsync(host, id, wait: beforeKill + 3);
        var fireTimes = goals.Select(FireTimeOf).Order().ToList();
        var view = (await host.Client.GetFromJsonAsync<JsonObject>($"/api/schedules/{id}"))!;
        output.WriteLine($"{goals.Count} goals; killed at {killedAt:O}; reminders in the data file at the kill: {reminders}");
        output.WriteLine(string.Join(", ", fireTimes.Select(t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture))));

        // Exactly one goal per fire time, every one of them on the schedule's two-second grid.
        Assert.Equal(fireTimes.Count, fireTimes.Distinct().Count());
        Assert.All(fireTimes, t => Assert.Equal(0, (t - fireTimes[0]).Ticks % Interval.Ticks));
        Assert.True(reminders >= 1, "the schedule's reminder is not in the data file");

        // Fire times without a goal: each one recorded as missed (no silent miss), by a decision made more than the
        // misfire threshold after it (the policy), and the first of them after the kill (nothing was missed before it).
        var skipped = view["recent"]!.AsArray()
            .Where(f => f!["outcome"]!.GetValue<string>() == "skippedMisfire")
            .Select(f => (FireTime: DateTimeOffset.Parse(f!["fireTime"]!.GetValue<string>(), CultureInfo.InvariantCulture), At: DateTimeOffset.Parse(f["at"]!.GetValue<string>(), CultureInfo.InvariantCulture)))
            .ToList();
        var missing = new List<DateTimeOffset>();
        for (var t = fireTimes[0]; t <= fireTimes[^1]; t += Interval)
        {
            if (!fireTimes.Contains(t))
            {
                missing.Add(t);
            }
        }

        output.WriteLine($"missing: {string.Join(", ", missing.Select(t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture)))}; recorded as missed from: {string.Join(", ", skipped.Select(s => $"{s.FireTime:HH:mm:ss} (decided {s.At:HH:mm:ss.fff})"))}");
        Assert.NotEmpty(missing);
        Assert.True(missing[0] > killedAt - Interval, $"{missing[0]:O} was missed before the kill at {killedAt:O}");
        Assert.Contains(skipped, s => s.FireTime == missing[0]);
        Assert.All(missing, t => Assert.True(
            skipped.Any(s => s.FireTime <= t && s.At - t > MisfireThreshold && !fireTimes.Any(f => f > s.FireTime && f < t)),
            $"{t:O} has no goal and no record of being missed by more than the threshold"));
        Assert.All(goals, g => Assert.Equal(id, g!["id"]!.GetValue<string>()[2..36]));
    }

    private static async Task<JsonArray> GoalsAsync(PaiProcess host, string scheduleId, int wait) =>
        wait == 0 ? await host.Client.GetItemsAsync($"/api/goals?schedule={scheduleId}&limit=500") : await SchedulesTests.WaitForGoalsAsync(host.Client, scheduleId, wait);

    private static DateTimeOffset FireTimeOf(JsonNode? goal)
    {
        var id = goal!["id"]!.GetValue<string>();
        return DateTimeOffset.ParseExact(id[^16..], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    private static long CountReminders(string dataDirectory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "pai.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM reminders;";
        return (long)command.ExecuteScalar()!;
    }
}
