using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using PAI.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Console.Tests;

/// <summary>The audit log page: filters, paging, and the hash chain's verification shown plainly, including where an
/// entry edited behind PAI's back breaks it.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class AuditPageTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task Audit_ChainIntactThenOneEntryEdited_ShowsWhereItBreaksAndFilters()
    {
        var id = await host.Host.Client.SubmitAsync(Goal("Audited goal", Step("a", "echo", new { text = "x" })));
        await host.Host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(30));

        await using var console = await host.OpenAsync();
        await console.SignInAsync("#/audit");
        await Expect(console.Page.Locator(".verdict")).ToContainTextAsync("Chain intact", new() { Timeout = 30_000 });
        await Expect(console.Page.Locator(".audit-table tbody tr").First).ToBeVisibleAsync();
        await console.ScreenshotAsync("audit");

        await console.Page.FillAsync("#f-goal", id);
        await console.Page.FillAsync("#f-kind", "tool.call");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(console.Page.Locator(".audit-table tbody tr")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator(".audit-table tbody tr")).ToContainTextAsync("echo");

        // Edit one entry in the store, as an intruder with file access would; the page names it; then put it back.
        var (sequence, original) = await TamperAsync(id);
        try
        {
            await console.Page.ClickAsync("#verify-chain");
            await Expect(console.Page.Locator(".verdict")).ToContainTextAsync($"Chain broken at entry #{sequence}");
            await console.Page.ClickAsync("#show-break");
            await Expect(console.Page.Locator($".audit-table tr.bad-row[data-sequence='{sequence}']")).ToHaveCountAsync(1);
            await console.ScreenshotAsync("audit-broken");
        }
        finally
        {
            await RestoreAsync(sequence, original);
        }

        await console.Page.ClickAsync("#verify-chain");
        await Expect(console.Page.Locator(".verdict")).ToContainTextAsync("Chain intact");
        console.AssertNoConsoleErrors();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(host.Host.DataDirectory, "pai.db"), Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }

    private async Task<(long Sequence, string? Detail)> TamperAsync(string goalId)
    {
        await using var connection = Open();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT seq, detail FROM audit_log WHERE goal_id = @g ORDER BY seq LIMIT 1;";
        read.Parameters.AddWithValue("@g", goalId);
        long sequence;
        string? detail;
        await using (var reader = await read.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            sequence = reader.GetInt64(0);
            detail = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        await using var write = connection.CreateCommand();
        write.CommandText = "UPDATE audit_log SET detail = 'edited after the fact' WHERE seq = @s;";
        write.Parameters.AddWithValue("@s", sequence);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
        return (sequence, detail);
    }

    private async Task RestoreAsync(long sequence, string? detail)
    {
        await using var connection = Open();
        await using var write = connection.CreateCommand();
        write.CommandText = "UPDATE audit_log SET detail = @d WHERE seq = @s;";
        write.Parameters.AddWithValue("@s", sequence);
        write.Parameters.AddWithValue("@d", (object?)detail ?? DBNull.Value);
        await write.ExecuteNonQueryAsync();
    }
}
