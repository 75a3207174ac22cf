using Orleans.Runtime;
using PAI.Storage.Sqlite;

namespace PAI.Storage.Tests.Sqlite;

/// <summary>Embedded mode's reminders in the data file: what Orleans' reminder service relies on, and that they survive a reopen.</summary>
public sealed class SqliteReminderTableTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly SqliteTestStorage _storage = new();
    private SqliteStore? _store;

    private SqliteReminderTable Table => new(_store!);

    public Task InitializeAsync()
    {
        _store = new SqliteStore(new SqliteStoreOptions { DataDirectory = _storage.DataDirectory });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store!.DisposeAsync();
        await _storage.DeleteAsync();
    }

    private static ReminderEntry Entry(GrainId grain, string name, int minutes = 1) =>
        new() { GrainId = grain, ReminderName = name, StartAt = Start, Period = TimeSpan.FromMinutes(minutes) };

    private static GrainId Grain(string key) => GrainId.Create("schedule", key);

    [Fact]
    public async Task UpsertRow_NewThenUpdated_ReadsBackWithANewETagEachTime()
    {
        var grain = Grain("s_1");

        var first = await Table.UpsertRow(Entry(grain, "wake"));
        var second = await Table.UpsertRow(Entry(grain, "wake", minutes: 5));
        var row = await Table.ReadRow(grain, "wake");

        Assert.NotEqual(first, second);
        Assert.Equal(second, row!.ETag);
        Assert.Equal(TimeSpan.FromMinutes(5), row.Period);
        Assert.Equal(Start, row.StartAt);
        Assert.Equal(grain, row.GrainId);
        Assert.Single((await Table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task RemoveRow_StaleETag_KeepsTheRow_CurrentETag_RemovesIt()
    {
        var grain = Grain("s_2");
        var stale = await Table.UpsertRow(Entry(grain, "wake"));
        var current = await Table.UpsertRow(Entry(grain, "wake"));

        Assert.False(await Table.RemoveRow(grain, "wake", stale!));
        Assert.NotNull(await Table.ReadRow(grain, "wake"));
        Assert.True(await Table.RemoveRow(grain, "wake", current!));
        Assert.Null(await Table.ReadRow(grain, "wake"));
    }

    [Fact]
    public async Task ReadRows_HashRange_IncludesTheEndExcludesTheBeginAndWrapsAround()
    {
        var grains = Enumerable.Range(0, 40).Select(i => Grain($"s_{i}")).ToList();
        foreach (var grain in grains)
        {
            await Table.UpsertRow(Entry(grain, "wake"));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var (low, high) = (hashes[10], hashes[30]);

        var inside = (await Table.ReadRows(low, high)).Reminders.Select(r => r.GrainId.GetUniformHashCode()).Order().ToList();
        var wrapped = (await Table.ReadRows(high, low)).Reminders.Select(r => r.GrainId.GetUniformHashCode()).ToList();

        Assert.Equal(hashes.Where(h => h > low && h <= high), inside);
        Assert.Equal(40 - inside.Count, wrapped.Count);
        Assert.Equal(40, (await Table.ReadRows(0u, 0u)).Reminders.Count);
    }

    [Fact]
    public async Task UpsertRow_AfterReopen_IsStillThere()
    {
        var grain = Grain("s_3");
        var etag = await Table.UpsertRow(Entry(grain, "wake"));

        await _store!.DisposeAsync();
        _store = new SqliteStore(new SqliteStoreOptions { DataDirectory = _storage.DataDirectory });

        Assert.Equal(etag, (await Table.ReadRow(grain, "wake"))!.ETag);
    }
}
