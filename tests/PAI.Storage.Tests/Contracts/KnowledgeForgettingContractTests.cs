using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Tests.Contracts;

/// <summary>
/// Forgetting in every <see cref="IKnowledgeStore"/>: an episode takes the facts and mentions only it supported (and
/// un-retires what they had retired), an entity takes its facts, a principal takes everything of its own and nothing
/// of another's, and the notes index replaces or drops a note's episode with it. Each ends with no orphaned row.
/// </summary>
public abstract class KnowledgeForgettingContractTests : KnowledgeContractBase
{
    [ContractFact]
    public async Task DeleteEpisode_TakesFactsOnlyItSupported_AndLeavesNoOrphans()
    {
        var shared = Fact("Alice", "likes", "tea", T0);
        var firstWrite = Write("alice", T0, shared, Fact("Alice", "works_at", "Acme", T0));
        var first = await Store.WriteAsync(firstWrite);
        var second = await Store.WriteAsync(Write("alice", T1, shared));
        var firstEpisode = firstWrite.Episode.Id;

        Assert.True(await Store.DeleteEpisodeAsync("alice", firstEpisode));

        Assert.Equal([second.FactIds[0]], (await Store.GetFactsAsync("alice", [.. first.FactIds])).Select(f => f.Id));
        Assert.Null(await Store.FindEntityAsync("alice", [EntityKeys.Normalise("Acme")]));
        Assert.NotNull(await Store.FindEntityAsync("alice", [EntityKeys.Normalise("tea")]));
        Assert.False(await Store.DeleteEpisodeAsync("alice", firstEpisode));
        Assert.Equal(0, await CountOrphansAsync());
    }

    [ContractFact]
    public async Task DeleteEpisode_OfTheFactThatClosedAnother_MakesTheOtherCurrentAgain()
    {
        var paris = await Store.WriteAsync(Write("alice", T0, Fact("Alice", "lives_in", "Paris", T0, single: true)));
        var write = Write("alice", T1, Fact("Alice", "lives_in", "Berlin", T1, single: true));
        await Store.WriteAsync(write);

        Assert.True(await Store.DeleteEpisodeAsync("alice", write.Episode.Id));

        var restored = Assert.Single(await Store.GetFactsAsync("alice", [paris.FactIds[0]]));
        Assert.Null(restored.InvalidatedAt);
        Assert.Null(restored.SupersededBy);
        Assert.Null(await Store.FindEntityAsync("alice", [EntityKeys.Normalise("Berlin")]));
        Assert.Equal(0, await CountOrphansAsync());
    }

    [ContractFact]
    public async Task DeleteEntity_TakesItsFactsKeysAndWhatOnlyTheyReferredTo()
    {
        var written = await Store.WriteAsync(Write("alice", T0, [new EntityMention("Bob", "person", ["bob", "bobby"])], Fact("Bob", "lives_in", "Leeds", T0), Fact("Alice", "knows", "Bob", T0), Fact("Alice", "likes", "tea", T0), Value("Bob", "age", "42", T0)));
        var bob = written.EntityIds[0];

        Assert.True(await Store.DeleteEntityAsync("alice", bob));

        Assert.Null(await Store.FindEntityAsync("alice", ["bob"]));
        Assert.Null(await Store.FindEntityAsync("alice", ["bobby"]));
        Assert.Null(await Store.FindEntityAsync("alice", ["leeds"]));
        Assert.NotNull(await Store.FindEntityAsync("alice", ["tea"]));
        Assert.Single(await Store.GetFactsAsync("alice", [.. written.FactIds]));
        Assert.False(await Store.DeleteEntityAsync("alice", bob));
        Assert.Equal(0, await CountOrphansAsync());
    }

    [ContractFact]
    public async Task DeletePrincipal_TakesEverythingOfItsOwnAndNothingOfAnothers()
    {
        await Store.WriteAsync(Write("alice", T0, [EntityMention.Named("projects/kiln.md", "note")], Fact("Alice", "lives_in", "Paris", T0, single: true)));
        await Store.WriteAsync(Write("alice", T1, Fact("Alice", "lives_in", "Berlin", T1, single: true)));
        var episode = Episode("alice", T1);
        await Store.WriteAsync(new GraphWrite(episode, [EntityMention.Named("kiln.md", "note")], []));
        await Store.PutNoteAsync(new NoteIndexRecord("alice", "kiln.md", "h1", ["m_1"], episode.Id, [], T1));
        var bobs = await Store.WriteAsync(Write("bob", T0, Fact("Bob", "lives_in", "Rome", T0)));

        Assert.True(await Store.DeletePrincipalAsync("alice") > 0);

        Assert.Equal(0, await CountPrincipalRowsAsync("alice"));
        Assert.Empty(await Store.ListNotesAsync("alice"));
        Assert.Single(await Store.GetFactsAsync("bob", [.. bobs.FactIds]));
        Assert.True(await CountPrincipalRowsAsync("bob") > 0);
        Assert.Equal(0, await CountOrphansAsync());
    }

    [ContractFact]
    public async Task PutNote_NewEpisode_DeletesTheOldOnesFacts_AndDeleteNoteTakesTheRest()
    {
        var v1 = Write("alice", T0, [EntityMention.Named("kiln.md", "note")], new FactAssertion(EntityMention.Named("kiln.md", "note"), "links_to", EntityMention.Named("glaze.md", "note"), null, T0, null, false));
        await Store.WriteAsync(v1);
        await Store.PutNoteAsync(new NoteIndexRecord("alice", "kiln.md", "h1", ["m_1", "m_2"], v1.Episode.Id, [], T0));
        var v2 = Write("alice", T1, [EntityMention.Named("kiln.md", "note")], new FactAssertion(EntityMention.Named("kiln.md", "note"), "links_to", EntityMention.Named("clay.md", "note"), null, T1, null, false));
        await Store.WriteAsync(v2);

        await Store.PutNoteAsync(new NoteIndexRecord("alice", "kiln.md", "h2", ["m_3"], v2.Episode.Id, ["m_1", "m_2"], T1));

        var note = await Store.GetNoteAsync("alice", "kiln.md");
        Assert.NotNull(note);
        Assert.Equal("h2", note.Hash);
        Assert.Equal(["m_3"], note.MemoryIds);
        Assert.Equal(["m_1", "m_2"], note.PendingDeletes);
        Assert.Null(await Store.FindEntityAsync("alice", [EntityKeys.For("glaze.md", "note")]));
        Assert.NotNull(await Store.FindEntityAsync("alice", [EntityKeys.For("clay.md", "note")]));
        Assert.Null(await Store.GetNoteAsync("bob", "kiln.md"));

        Assert.True(await Store.DeleteNoteAsync("alice", "kiln.md"));

        Assert.Null(await Store.GetNoteAsync("alice", "kiln.md"));
        Assert.Null(await Store.FindEntityAsync("alice", [EntityKeys.For("kiln.md", "note")]));
        Assert.False(await Store.DeleteNoteAsync("alice", "kiln.md"));
        Assert.Equal(0, await CountPrincipalRowsAsync("alice"));
        Assert.Equal(0, await CountOrphansAsync());
    }
}
