using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Knowledge;
using PAI.Memory.Graph;
using PAI.Memory.Memories;
using PAI.Memory.WriteBack;

namespace PAI.Memory.Tests.Knowledge;

/// <summary>
/// The knowledge services on a real silo with the real embedding model, on each store: conflicts and as-of reads by
/// name, entity deduplication, notes re-indexed after a person edits or deletes the file, goal write-back, recall,
/// forgetting a principal without orphans, and principal isolation.
/// </summary>
public abstract partial class KnowledgeTests(KnowledgeSiloFixture silo)
{
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(90);

    private static string NewPrincipal() => "p" + Guid.NewGuid().ToString("N")[..12];

    [StoreFact]
    public async Task Assert_Contradiction_ReportsTheConflict_AndAsOfReadsWhatWasKnownThen()
    {
        var alice = NewPrincipal();
        var march = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var first = await silo.Graph.AssertAsync(alice, [new FactInput("Alice", "lives in", "Paris", ValidFrom: march, Single: true)], "test", "t");
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var second = await silo.Graph.AssertAsync(alice, [new FactInput("Alice", "lives_in", "Berlin", ValidFrom: march.AddMonths(6), Single: true)], "test", "t");

        var conflict = Assert.Single(second.Conflicts);
        Assert.Equal(FactConflictKind.Superseded, conflict.Kind);
        Assert.Equal(first.FactIds[0], conflict.Existing.Fact.Id);
        Assert.Equal("Paris", conflict.Existing.Object);

        var now = await silo.Graph.GetEntityAsync(alice, "alice", depth: 1);
        Assert.Equal(["Berlin"], now!.Facts.Select(f => f.Object));
        var then = await silo.Graph.GetEntityAsync(alice, "Alice", depth: 1, asOf: before);
        Assert.Equal(["Paris"], then!.Facts.Select(f => f.Object));
    }

    [StoreFact]
    public async Task Resolver_NearDuplicateName_IsMergedIntoTheOlderEntity_AndKnownByBothNames()
    {
        var alice = NewPrincipal();
        await silo.Graph.AssertAsync(alice, [new FactInput("Visual Studio Code", "made_by", "Microsoft")], "test", "t");
        await silo.Resolver.ResolvePendingAsync();
        await silo.Graph.AssertAsync(alice, [new FactInput("VS Code", "written_in", "TypeScript")], "test", "t");

        await silo.Resolver.ResolvePendingAsync();

        var byShortName = await silo.Graph.GetEntityAsync(alice, "VS Code");
        var byLongName = await silo.Graph.GetEntityAsync(alice, "Visual Studio Code");
        Assert.NotNull(byShortName);
        Assert.Equal(byLongName!.Entity.Id, byShortName.Entity.Id);
        Assert.Equal("Visual Studio Code", byShortName.Entity.Name);
        Assert.Equal(["made_by", "written_in"], byShortName.Facts.Select(f => f.Fact.Predicate).Order());
        Assert.NotEqual((await silo.Graph.FindEntityAsync(alice, "Microsoft"))!.Id, (await silo.Graph.FindEntityAsync(alice, "TypeScript"))!.Id);
    }

    [StoreFact]
    public async Task Notes_PersonEditsTheFile_IsReindexedAndSearchFindsTheNewText()
    {
        var alice = NewPrincipal();
        await silo.Notes.WriteAsync(alice, "projects/kiln.md", "# Kiln\n\nThe kiln reached cone 6. See [[glaze]].\n");
        var file = silo.Notes.Files.FileOf(alice, "projects/kiln.md")!;
        var edited = "---\ntags: [pottery]\n---\n# Kiln\n\nThe kiln cracked a shelf at cone 10; next firing uses [[wadding]].\n";

        await File.WriteAllTextAsync(file, edited);

        await WaitForAsync(async () => (await silo.Store.GetNoteAsync(alice, "projects/kiln.md"))?.Hash == Sha(edited));
        var hits = await silo.Notes.SearchAsync(alice, "cracked shelf", 5);
        Assert.Equal("projects/kiln.md", Assert.Single(hits).Path);
        Assert.Contains("cracked a shelf", hits[0].Text, StringComparison.Ordinal);
        var note = await silo.Graph.GetEntityAsync(alice, "note:projects/kiln.md");
        Assert.Equal(["pottery", "wadding"], note!.Neighbours.Select(n => n.Entity.Name).Order());
        Assert.Null(await silo.Graph.FindEntityAsync(alice, "note:glaze"));
    }

    [StoreFact]
    public async Task Notes_PersonDeletesTheFile_EverythingDerivedGoes()
    {
        var alice = NewPrincipal();
        await silo.Notes.WriteAsync(alice, "journal/day.md", "Went to the pottery studio with [[Melanie]]. #journal\n");
        var record = await silo.Store.GetNoteAsync(alice, "journal/day.md");
        Assert.NotEmpty(record!.MemoryIds);

        File.Delete(silo.Notes.Files.FileOf(alice, "journal/day.md")!);

        await WaitForAsync(async () => await silo.Store.GetNoteAsync(alice, "journal/day.md") is null);
        Assert.Empty(await silo.MemoryStore.GetAsync(alice, record.MemoryIds));
        Assert.Null(await silo.Graph.FindEntityAsync(alice, "note:journal/day.md"));
        Assert.Null(await silo.Graph.FindEntityAsync(alice, "note:melanie"));
        Assert.Empty(await silo.Notes.SearchAsync(alice, "pottery studio", 5));
    }

    [StoreFact]
    public async Task Notes_PersonAddsAFile_IsIndexed()
    {
        var alice = NewPrincipal();
        var folder = silo.Notes.Files.FolderOf(alice);
        Directory.CreateDirectory(Path.Combine(folder, "ideas"));
        var text = "# Glaze\n\nCeladon needs a reduction firing.\n";

        await File.WriteAllTextAsync(Path.Combine(folder, "ideas", "glaze.md"), text);

        await WaitForAsync(async () => (await silo.Store.GetNoteAsync(alice, "ideas/glaze.md"))?.Hash == Sha(text));
        Assert.Equal("ideas/glaze.md", Assert.Single(await silo.Notes.SearchAsync(alice, "celadon reduction", 5)).Path);
    }

    [StoreFact]
    public async Task Notes_PathsOutsideTheFolder_AreRefusedAndNothingIsWritten()
    {
        var alice = NewPrincipal();
        foreach (var path in new[] { "../escape.md", "/etc/passwd.md", "a/../../b.md", ".hidden.md", "a\\b.md", "notes.txt", "" })
        {
            await Assert.ThrowsAsync<MemoryValidationException>(() => silo.Notes.WriteAsync(alice, path, "x"));
        }

        var folder = silo.Notes.Files.FolderOf(alice);
        Directory.CreateDirectory(folder);
        var outside = Path.Combine(Path.GetTempPath(), "pai-outside-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(Path.Combine(folder, "linked"), outside);

        await Assert.ThrowsAsync<MemoryValidationException>(() => silo.Notes.WriteAsync(alice, "linked/x.md", "through a link"));

        Assert.Empty(Directory.GetFiles(outside));
        Directory.Delete(outside);
    }

    [StoreFact]
    public async Task WriteBack_FinishedGoal_WritesOneEpisodeWithFactsAndAMemory_EvenWhenDeliveredTwice()
    {
        var alice = NewPrincipal();
        var goal = FinishedGoal(alice, "g-" + Guid.NewGuid().ToString("N")[..8]);
        var handler = Assert.Single(silo.Services.GetServices<IGoalFinishedHandler>().OfType<GoalWriteBack>());

        await handler.OnGoalFinishedAsync(goal, CancellationToken.None);
        await handler.OnGoalFinishedAsync(goal, CancellationToken.None);

        var entity = await silo.Graph.GetEntityAsync(alice, "goal:" + goal.GoalId);
        Assert.NotNull(entity);
        Assert.Equal(["file.write", "out/report.md", "summarise"], entity.Neighbours.Select(n => n.Entity.Name).Order());
        Assert.Equal(4, entity.Facts.Count);
        var found = await silo.Memories.SearchAsync(alice, new MemoryQuery("kiln firing report", 10));
        var memory = Assert.Single(found.Hits, h => h.Record.Scope.Goal == goal.GoalId);
        Assert.Contains("Produced: out/report.md", memory.Record.Text, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task WriteBack_TurnedOff_FinishedGoalLeavesNoEpisodeOrMemory()
    {
        var alice = NewPrincipal();
        var goal = FinishedGoal(alice, "g-" + Guid.NewGuid().ToString("N")[..8]);
        var off = new GoalWriteBack(
            silo.Graph,
            silo.Memories,
            silo.Services.GetRequiredService<KnowledgeExtractor>(),
            Options.Create(new GraphOptions { WriteBackGoals = false }),
            NullLogger<GoalWriteBack>.Instance);

        await off.OnGoalFinishedAsync(goal, CancellationToken.None);

        Assert.Null(await silo.Graph.GetEntityAsync(alice, "goal:" + goal.GoalId));
        var found = await silo.Memories.SearchAsync(alice, new MemoryQuery("kiln firing report", 10));
        Assert.DoesNotContain(found.Hits, h => h.Record.Scope.Goal == goal.GoalId);
    }

    [StoreFact]
    public async Task Recall_NewGoal_FindsTheEarlierGoalsMemoryAndFactsAboutNamedEntities()
    {
        var alice = NewPrincipal();
        await Assert.Single(silo.Services.GetServices<IGoalFinishedHandler>().OfType<GoalWriteBack>()).OnGoalFinishedAsync(FinishedGoal(alice, "g1"), CancellationToken.None);
        await silo.Graph.AssertAsync(alice, [new FactInput("Kiln", "max_temperature", null, "1300")], "test", "t");

        var recalled = await silo.Recall.RecallAsync(alice, "Write the kiln firing report again", null, 8);

        Assert.Contains(recalled, r => r.Kind == "memory" && r.Text.Contains("Summarise the kiln firing", StringComparison.Ordinal));
        Assert.Contains(recalled, r => r.Kind == "fact" && r.Text == "Kiln max temperature 1300");
    }

    [StoreFact]
    public async Task ForgetPrincipal_LeavesNoNoteGraphRowOrMemory_AndAnotherPrincipalKeepsItsOwn()
    {
        var alice = NewPrincipal();
        var bob = NewPrincipal();
        await silo.Notes.WriteAsync(alice, "a.md", "Alice's note about [[b]] #tag\n");
        await silo.Graph.AssertAsync(alice, [new FactInput("Alice", "likes", "tea")], "test", "t");
        await silo.Memories.RememberAsync(alice, [new MemoryInput("alice remembers the tea")]);
        await silo.Graph.AssertAsync(bob, [new FactInput("Bob", "likes", "coffee")], "test", "t");

        await silo.Forgetting.ForgetPrincipalAsync(alice);

        Assert.False(Directory.Exists(silo.Notes.Files.FolderOf(alice)));
        Assert.Empty(await silo.Store.ListNotesAsync(alice));
        Assert.Null(await silo.Graph.FindEntityAsync(alice, "Alice"));
        Assert.Empty((await silo.Memories.SearchAsync(alice, new MemoryQuery("tea", 10))).Hits);
        Assert.NotNull(await silo.Graph.FindEntityAsync(bob, "Bob"));
    }

    [StoreFact]
    public async Task AnotherPrincipal_SeesNoneOfTheGraphOrNotes()
    {
        var alice = NewPrincipal();
        var bob = NewPrincipal();
        await silo.Graph.AssertAsync(alice, [new FactInput("Alice", "lives_in", "Paris")], "test", "t");
        await silo.Notes.WriteAsync(alice, "secret.md", "The launch code is swordfish.\n");

        Assert.Null(await silo.Graph.GetEntityAsync(bob, "Alice"));
        Assert.Null(await silo.Graph.PathAsync(bob, "Alice", "Paris"));
        Assert.Null(await silo.Notes.ReadAsync(bob, "secret.md"));
        Assert.Empty(await silo.Notes.SearchAsync(bob, "launch code swordfish", 5));
        Assert.False(await silo.Notes.DeleteAsync(bob, "secret.md"));
        Assert.NotNull(await silo.Notes.ReadAsync(alice, "secret.md"));
    }

    private static FinishedGoal FinishedGoal(string owner, string id) => new(
        id,
        owner,
        "Summarise the kiln firing",
        new GoalSubmission("Summarise the kiln firing", "Write a report of last night's kiln firing", "summarise", null, null, null),
        GoalStatus.Succeeded,
        [
            new FinishedStep("read", null, "summarise", StepStatus.Succeeded, 1, """{"summary":"cone 6 reached"}""", null),
            new FinishedStep("write", "file.write", null, StepStatus.Succeeded, 1, """{"path":"out/report.md","bytes":120}""", null),
        ],
        """{"write":{"path":"out/report.md"}}""",
        null,
        DateTimeOffset.UtcNow.AddMinutes(-1),
        DateTimeOffset.UtcNow);

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(SafetyTimeout);
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}

/// <summary>The knowledge services over SQLite.</summary>
public sealed class SqliteKnowledgeTests(SqliteKnowledgeSilo silo) : KnowledgeTests(silo), IClassFixture<SqliteKnowledgeSilo>;

/// <summary>The knowledge services with memories and graph in PostgreSQL.</summary>
public sealed class PostgresKnowledgeTests(PostgresKnowledgeSilo silo) : KnowledgeTests(silo), IClassFixture<PostgresKnowledgeSilo>
{
    /// <summary>Why these tests are skipped here, or null.</summary>
    public static string? SkipReason => PAI.Testing.Postgres.LocalPostgres.UnavailableReason();
}
