using Microsoft.Extensions.DependencyInjection;
using PAI.Abstractions.Memory;
using PAI.Memory.Memories;
using PAI.Memory.Tests.Testing;

namespace PAI.Memory.Tests.Memories;

/// <summary>Remember and search through the memory service and grain, on a real silo with SQLite and the real model.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class MemoryGrainTests(MemoryClusterFixture cluster)
{
    private static readonly DateTimeOffset May8 = new(2023, 5, 8, 13, 56, 0, TimeSpan.Zero);

    private readonly string _principal = "p_" + Guid.NewGuid().ToString("N")[..8];

    private MemoryService Memories => cluster.Memories;

    [Theory]
    [InlineData(MemorySearchMode.Hybrid)]
    [InlineData(MemorySearchMode.Vector)]
    [InlineData(MemorySearchMode.Keyword)]
    public async Task SearchAsync_EachMode_FindsTheRelevantMemoryFirst(MemorySearchMode mode)
    {
        var ids = await RememberAsync(
            "Caroline: I went to an LGBTQ support group yesterday and it was so powerful.",
            "Melanie: I painted a sunrise over the lake last summer.",
            "Caroline: My new job at the bakery starts on Monday.");

        var hits = await SearchAsync("Which support group did Caroline attend?", mode);

        Assert.Equal(ids[0], hits[0].Record.Id);
        Assert.True(hits[0].Score > 0);
    }

    [Fact]
    public async Task SearchAsync_Vector_FindsAParaphraseSharingNoWords()
    {
        var ids = await RememberAsync("I bought a new car yesterday.", "The soup needs more salt.", "Our cat sleeps all day.");

        var hits = await SearchAsync("automobile purchase", MemorySearchMode.Vector);

        Assert.Equal(ids[0], hits[0].Record.Id);
        Assert.Empty(await SearchAsync("automobile purchase", MemorySearchMode.Keyword));
    }

    [Fact]
    public async Task SearchAsync_AfterRememberAndForget_SeesEachChangeAtOnce()
    {
        var first = await RememberAsync("the kiln reached cone 10 on Saturday");
        Assert.Equal(first[0], (await SearchAsync("kiln cone", MemorySearchMode.Hybrid))[0].Record.Id);

        var second = await RememberAsync("the kiln cracked a shelf during the cone 10 firing");
        Assert.Equal(2, (await SearchAsync("kiln cone", MemorySearchMode.Vector)).Count);

        Assert.True(await Memories.ForgetAsync(_principal, first[0]));
        var hits = await SearchAsync("kiln cone", MemorySearchMode.Hybrid);
        Assert.Equal([second[0]], hits.Select(h => h.Record.Id));
        Assert.False(await Memories.ForgetAsync(_principal, first[0]));
    }

    [Fact]
    public async Task SearchAsync_AfterForgetAll_FindsNothingAndOtherPrincipalsKeepTheirs()
    {
        await RememberAsync("glaze recipe with cobalt", "glaze recipe with iron");
        var other = "p_" + Guid.NewGuid().ToString("N")[..8];
        await Memories.RememberAsync(other, [new MemoryInput("glaze recipe with copper")]);
        Assert.Equal(2, (await SearchAsync("glaze recipe", MemorySearchMode.Vector)).Count);

        Assert.Equal(2, await Memories.ForgetAllAsync(_principal));

        Assert.Empty(await SearchAsync("glaze recipe", MemorySearchMode.Hybrid));
        Assert.Single((await Memories.SearchAsync(other, new MemoryQuery("glaze recipe"))).Hits);
    }

    [Fact]
    public async Task SearchAsync_AnotherPrincipal_NeverSeesTheMemories()
    {
        await RememberAsync("my bank PIN is hidden under the kiln");
        var stranger = "p_" + Guid.NewGuid().ToString("N")[..8];

        foreach (var mode in Enum.GetValues<MemorySearchMode>())
        {
            Assert.Empty((await Memories.SearchAsync(stranger, new MemoryQuery("bank PIN kiln", Mode: mode))).Hits);
        }
    }

    [Fact]
    public async Task SearchAsync_ScopeFilter_ReturnsOnlyThatProjectsMemories()
    {
        var kiln = await Memories.RememberAsync(_principal, [new MemoryInput("firing schedule notes", Project: "kiln")]);
        await Memories.RememberAsync(_principal, [new MemoryInput("firing schedule notes", Project: "garden"), new MemoryInput("firing schedule notes")]);

        foreach (var mode in Enum.GetValues<MemorySearchMode>())
        {
            var hits = (await Memories.SearchAsync(_principal, new MemoryQuery("firing schedule", Mode: mode, Project: "kiln"))).Hits;
            Assert.Equal(kiln, hits.Select(h => h.Record.Id));
        }

        Assert.Equal(3, (await Memories.SearchAsync(_principal, new MemoryQuery("firing schedule"))).Hits.Count);
    }

    [Fact]
    public async Task SearchAsync_MetadataAndTimeFilters_HoldInEveryMode()
    {
        var ids = await Memories.RememberAsync(_principal,
        [
            new MemoryInput("Caroline: I love hiking in the mountains", """{"speaker":"Caroline"}""", May8),
            new MemoryInput("Melanie: I love hiking in the mountains", """{"speaker":"Melanie"}""", May8),
            new MemoryInput("Caroline: hiking again in the mountains", """{"speaker":"Caroline"}""", May8.AddDays(30)),
        ]);
        var bySpeaker = new MemoryFilter([new MetadataCondition("speaker", ["\"Caroline\""])]);
        var inMay = new MemoryFilter([new MetadataCondition("speaker", ["\"Caroline\""])], May8.AddDays(-1), May8.AddDays(1));

        foreach (var mode in Enum.GetValues<MemorySearchMode>())
        {
            Assert.Equal(new[] { ids[0], ids[2] }.Order(), (await Memories.SearchAsync(_principal, new MemoryQuery("hiking mountains", Mode: mode, Filter: bySpeaker))).Hits.Select(h => h.Record.Id).Order());
            Assert.Equal([ids[0]], (await Memories.SearchAsync(_principal, new MemoryQuery("hiking mountains", Mode: mode, Filter: inMay))).Hits.Select(h => h.Record.Id));
        }
    }

    [Fact]
    public async Task SearchAsync_ContextOfTheSameGoal_RanksItsMemoryFirst()
    {
        var ids = await Memories.RememberAsync(_principal,
        [
            new MemoryInput("the build uses dotnet 10", Goal: "g_other"),
            new MemoryInput("the build uses dotnet 10", Goal: "g_mine"),
        ]);

        var hits = (await Memories.SearchAsync(_principal, new MemoryQuery("which dotnet does the build use", Context: new MemoryScope(_principal, Goal: "g_mine")))).Hits;

        Assert.Equal(ids[1], hits[0].Record.Id);
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public async Task SearchAsync_EpisodeNeighbor_LiftsTheReplyThatNamesNothing()
    {
        // The reply shares no word with the question; the turn it answers does.
        var ids = await Memories.RememberAsync(_principal,
        [
            new MemoryInput("Melanie: What did you think of the pottery workshop?", OccurredAt: May8),
            new MemoryInput("Caroline: Honestly it changed my life, I go every week now.", OccurredAt: May8),
            new MemoryInput("Caroline: Did you see the game on Sunday?", OccurredAt: May8.AddDays(7)),
            new MemoryInput("Melanie: Yes, what a finish that was!", OccurredAt: May8.AddDays(7)),
        ]);

        var hits = (await Memories.SearchAsync(_principal, new MemoryQuery("How does Caroline feel about the pottery workshop?", K: 3))).Hits;

        Assert.Contains(ids[1], hits.Take(2).Select(h => h.Record.Id));
    }

    [Fact]
    public async Task SearchAsync_Diversify_KeepsNearDuplicatesFromCrowdingTheTop()
    {
        var ids = await RememberAsync(
            "The kiln thermocouple failed during the glaze firing.",
            "The kiln thermocouple failed during the glaze firing!",
            "We replaced the kiln element after the firing.");

        var plain = (await Memories.SearchAsync(_principal, new MemoryQuery("kiln thermocouple failure firing", K: 2))).Hits;
        var diverse = (await Memories.SearchAsync(_principal, new MemoryQuery("kiln thermocouple failure firing", K: 2, Diversify: true))).Hits;

        Assert.Equal(new[] { ids[0], ids[1] }.Order(), plain.Select(h => h.Record.Id).Order());
        Assert.Contains(ids[2], diverse.Select(h => h.Record.Id));
    }

    [Fact]
    public async Task RememberAsync_SameIdempotencyKey_StoresOnceAndAnswersTheSameIds()
    {
        var first = await Memories.RememberAsync(_principal, [new MemoryInput("one"), new MemoryInput("two")], "goal-1/step-1");
        var again = await Memories.RememberAsync(_principal, [new MemoryInput("one"), new MemoryInput("two")], "goal-1/step-1");

        Assert.Equal(first, again);
        Assert.Equal(2, (await Memories.SearchAsync(_principal, new MemoryQuery("one two", K: 10, Mode: MemorySearchMode.Vector))).Hits.Count);
    }

    [Fact]
    public async Task RememberAsync_BrokenItems_AreRefusedWithTheirPathsAndNothingIsStored()
    {
        var error = await Assert.ThrowsAsync<MemoryValidationException>(() => Memories.RememberAsync(_principal,
        [
            new MemoryInput("fine"),
            new MemoryInput(""),
            new MemoryInput(new string('x', 8001)),
            new MemoryInput("bad metadata", "[1,2]"),
            new MemoryInput("bad scope", Project: new string('p', 201)),
        ]));

        Assert.Equal(["items[1].text", "items[2].text", "items[3].metadata", "items[4].scope.project"], error.Errors.Select(e => e.Path));
        Assert.Empty(await SearchAsync("fine", MemorySearchMode.Keyword));
        await Assert.ThrowsAsync<MemoryValidationException>(() => Memories.RememberAsync(_principal, Enumerable.Range(0, 1001).Select(i => new MemoryInput("x")).ToArray()));
    }

    [Fact]
    public async Task SearchAsync_RowsWrittenBehindTheGrain_AreFoundByTheNextSearch()
    {
        // Another silo writing straight to the store: the grain's cache must catch up from the head, not from a message.
        await RememberAsync("first note about the garden");
        Assert.Single(await SearchAsync("garden", MemorySearchMode.Vector));
        var row = (await cluster.Store.ReadVectorsAsync(new MemoryScope(_principal), 0).ToListAsync())[0];
        var copy = new MemoryRecord("m_copy_" + _principal, new MemoryScope(_principal), "second note about the garden", null, May8, May8, row.Model, row.Vector.Length);
        await cluster.Store.AddAsync([new NewMemory(copy, row.Vector, MemoryDocument.Of(copy.Text, May8))]);

        Assert.Equal(2, (await SearchAsync("garden", MemorySearchMode.Vector)).Count);
    }

    [Fact]
    public async Task SearchAsync_MemoryOfAnotherModel_IsFoundByKeywordsUntilReembedded()
    {
        var record = new MemoryRecord("m_old_" + _principal, new MemoryScope(_principal), "the greenhouse thermostat is set to 18 degrees", null, May8, May8, "retired-model+d0", 3);
        await cluster.Store.AddAsync([new NewMemory(record, new float[] { 1, 0, 0 }, MemoryDocument.Of(record.Text, May8))]);

        Assert.Empty(await SearchAsync("greenhouse thermostat", MemorySearchMode.Vector));
        Assert.Equal([record.Id], (await SearchAsync("greenhouse thermostat", MemorySearchMode.Hybrid)).Select(h => h.Record.Id));

        await cluster.Services.GetRequiredService<MemoryMaintenance>().RunOnceAsync(CancellationToken.None);

        Assert.Equal([record.Id], (await SearchAsync("greenhouse thermostat", MemorySearchMode.Vector)).Select(h => h.Record.Id));
    }

    private Task<IReadOnlyList<string>> RememberAsync(params string[] texts) =>
        Memories.RememberAsync(_principal, texts.Select(t => new MemoryInput(t, OccurredAt: May8)).ToArray());

    private async Task<IReadOnlyList<MemoryHit>> SearchAsync(string query, MemorySearchMode mode) =>
        (await Memories.SearchAsync(_principal, new MemoryQuery(query, Mode: mode))).Hits;
}
