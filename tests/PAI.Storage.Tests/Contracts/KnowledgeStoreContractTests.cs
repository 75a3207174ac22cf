using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IKnowledgeStore"/> must do: resolve entities by key and alias, settle single-valued conflicts
/// by closing (never deleting), answer as-of reads, walks, paths and changes, replay an episode as a no-op, confine
/// everything to one principal, and forget episodes, entities and principals without leaving orphaned rows.
/// Forgetting and notes are in <see cref="KnowledgeForgettingContractTests"/>.
/// </summary>
public abstract class KnowledgeStoreContractTests : KnowledgeContractBase
{
    private static readonly float[] KilnVector = [0.6f, 0.8f];

    [ContractFact]
    public async Task Write_SingleValuedContradiction_ClosesTheCurrentFactAndReportsIt()
    {
        var first = await Store.WriteAsync(Write("alice", T0, Fact("Alice", "lives_in", "Paris", T0, single: true)));
        var second = await Store.WriteAsync(Write("alice", T1, Fact("Alice", "lives_in", "Berlin", T1, single: true)));

        var conflict = Assert.Single(second.Conflicts);
        Assert.Equal(FactConflictKind.Superseded, conflict.Kind);
        Assert.Equal(first.FactIds[0], conflict.Existing.Id);
        Assert.Equal(second.FactIds[0], conflict.FactId);
        var old = Assert.Single(await Store.GetFactsAsync("alice", [first.FactIds[0]]));
        Assert.Equal(T1, old.InvalidatedAt);
        Assert.Equal(second.FactIds[0], old.SupersededBy);
        Assert.Null(old.ValidTo);
    }

    [ContractFact]
    public async Task Write_ContradictionThatStartedEarlier_IsStoredEndingWhereTheCurrentOneStarts()
    {
        var current = await Store.WriteAsync(Write("alice", T1, Fact("Alice", "lives_in", "Berlin", T1, single: true)));
        var earlier = await Store.WriteAsync(Write("alice", T2, Fact("Alice", "lives_in", "Paris", T0, single: true)));

        var conflict = Assert.Single(earlier.Conflicts);
        Assert.Equal(FactConflictKind.Truncated, conflict.Kind);
        Assert.Equal(current.FactIds[0], conflict.Existing.Id);
        var stored = Assert.Single(await Store.GetFactsAsync("alice", [earlier.FactIds[0]]));
        Assert.Equal(T1, stored.ValidTo);
        Assert.Null(Assert.Single(await Store.GetFactsAsync("alice", [current.FactIds[0]])).InvalidatedAt);
    }

    [ContractFact]
    public async Task Episodes_ListedByKindAndSource_AndAFactsSourcesInOrder_OnlyForTheirPrincipal()
    {
        var fact = Fact("Alice", "likes", "tea", T0);
        var first = new GraphWrite(new EpisodeRecord("ep_" + Guid.NewGuid().ToString("N"), "alice", "note.extraction", "a.md", "sha256:1", T0, T0), [], [fact]);
        var second = new GraphWrite(new EpisodeRecord("ep_" + Guid.NewGuid().ToString("N"), "alice", "note.extraction", "b.md", "sha256:2", T1, T1), [], [fact]);
        var stored = await Store.WriteAsync(first);
        await Store.WriteAsync(second);
        await Store.WriteAsync(Write("bob", T2, fact));

        Assert.Equal([first.Episode], await Store.ListEpisodesAsync("alice", "note.extraction", "a.md", 10));
        Assert.Equal([first.Episode.Id, second.Episode.Id], (await Store.ListEpisodesAsync("alice", "note.extraction", null, 10)).Select(e => e.Id));
        Assert.Empty(await Store.ListEpisodesAsync("bob", "note.extraction", null, 10));
        Assert.Equal([first.Episode.Id, second.Episode.Id], (await Store.GetFactSourcesAsync("alice", stored.FactIds[0])).Select(e => e.Id));
        Assert.Empty(await Store.GetFactSourcesAsync("bob", stored.FactIds[0]));
    }

    [ContractFact]
    public async Task Write_ManyValuedPredicate_KeepsBothFacts()
    {
        await Store.WriteAsync(Write("alice", T0, Fact("Alice", "likes", "tea", T0)));
        var second = await Store.WriteAsync(Write("alice", T1, Fact("Alice", "likes", "coffee", T1)));

        Assert.Empty(second.Conflicts);
        var alice = await FindAsync("alice", "Alice");
        var facts = await Store.FactsAmongAsync("alice", [alice.Id], T2, bothEnds: false, 100);
        Assert.Equal(2, facts.Count);
    }

    [ContractFact]
    public async Task Write_SameFactAgain_AnswersTheCurrentFactsId()
    {
        var first = await Store.WriteAsync(Write("alice", T0, Fact("Alice", "lives_in", "Paris", T0, single: true)));
        var again = await Store.WriteAsync(Write("alice", T1, Fact("alice", "lives in", "paris", T1, single: true)));

        Assert.Equal(first.FactIds, again.FactIds);
        Assert.Empty(again.Conflicts);
    }

    [ContractFact]
    public async Task Read_AsOf_AnswersWhatWasKnownThen()
    {
        var paris = await Store.WriteAsync(Write("alice", T0, Fact("Alice", "lives_in", "Paris", T0, single: true)));
        var berlin = await Store.WriteAsync(Write("alice", T2, Fact("Alice", "lives_in", "Berlin", T2, single: true)));
        var alice = await FindAsync("alice", "Alice");

        Assert.Equal([paris.FactIds[0]], (await Store.FactsAmongAsync("alice", [alice.Id], T1, false, 10)).Select(f => f.Id));
        Assert.Equal([berlin.FactIds[0]], (await Store.FactsAmongAsync("alice", [alice.Id], T3, false, 10)).Select(f => f.Id));
        Assert.Empty(await Store.FactsAmongAsync("alice", [alice.Id], T0.AddTicks(-1), false, 10));

        // What was known at T1 is also what the walk sees then.
        var walkedThen = await Store.WalkAsync("alice", alice.Id, 1, T1, 100);
        var parisEntity = await FindAsync("alice", "Paris");
        Assert.Contains(walkedThen, d => d.EntityId == parisEntity.Id && d.Depth == 1);
        var walkedNow = await Store.WalkAsync("alice", alice.Id, 1, T3, 100);
        Assert.DoesNotContain(walkedNow, d => d.EntityId == parisEntity.Id);
    }

    [ContractFact]
    public async Task Write_SameKeyOrKnownAlias_ResolvesToOneEntity()
    {
        var first = await Store.WriteAsync(Write("alice", T0, [new EntityMention("Bob Smith", "person", ["bob smith", "bobby"])]));
        var second = await Store.WriteAsync(Write("alice", T1, Fact("  BOB   smith! ", "works_at", "Acme", T1)));
        var third = await Store.WriteAsync(Write("alice", T1, [new EntityMention("Bobby", null, ["bobby"])]));

        Assert.Equal(first.EntityIds[0], second.EntityIds[0]);
        Assert.Equal(first.EntityIds[0], third.EntityIds[0]);
        var bob = Assert.Single(await Store.GetEntitiesAsync("alice", [first.EntityIds[0]]));
        Assert.Equal("Bob Smith", bob.Name);
        Assert.Equal(["bob smith", "bobby"], bob.Aliases.Order(StringComparer.Ordinal));
    }

    [ContractFact]
    public async Task MergeEntities_MovesFactsAndKeysToTheKeptEntity()
    {
        var bob = await Store.WriteAsync(Write("alice", T0, Fact("Robert Smith", "works_at", "Acme", T0)));
        var bobby = await Store.WriteAsync(Write("alice", T1, Fact("Bob Smith", "lives_in", "Leeds", T1)));

        Assert.True(await Store.MergeEntitiesAsync("alice", bob.EntityIds[0], bobby.EntityIds[0]));

        var merged = await FindAsync("alice", "Bob Smith");
        Assert.Equal(bob.EntityIds[0], merged.Id);
        Assert.Equal(2, (await Store.FactsAmongAsync("alice", [merged.Id], T2, false, 10)).Count);
        Assert.Empty(await Store.GetEntitiesAsync("alice", [bobby.EntityIds[0]]));
        Assert.False(await Store.MergeEntitiesAsync("alice", bob.EntityIds[0], bobby.EntityIds[0]));
        Assert.Equal(0, await CountOrphansAsync());
    }

    [ContractFact]
    public async Task Write_StoredEpisodeAgain_ChangesNothingAndAnswersTheSameIds()
    {
        var write = Write("alice", T0, Fact("Alice", "lives_in", "Paris", T0, single: true), Fact("Alice", "likes", "tea", T0));
        var first = await Store.WriteAsync(write);
        var again = await Store.WriteAsync(write with { Facts = [Fact("Alice", "lives_in", "Rome", T1, single: true)] });

        Assert.True(again.Replayed);
        Assert.Equal(first.FactIds, again.FactIds);
        var alice = await FindAsync("alice", "Alice");
        Assert.Equal(2, (await Store.FactsAmongAsync("alice", [alice.Id], T2, false, 10)).Count);
    }

    [ContractFact]
    public async Task Walk_Depth_ReachesEntitiesAtTheirShortestDistanceOnly()
    {
        await Store.WriteAsync(Write("alice", T0, Fact("A", "knows", "B", T0), Fact("B", "knows", "C", T0), Fact("C", "knows", "D", T0), Fact("A", "knows", "C", T0)));
        var a = await FindAsync("alice", "A");

        var depth1 = await Store.WalkAsync("alice", a.Id, 1, T1, 1000);
        var depth3 = await Store.WalkAsync("alice", a.Id, 3, T1, 1000);

        Assert.Equal(3, depth1.Count);
        Assert.Equal([0, 1, 1, 2], depth3.Select(d => d.Depth));
        var c = await FindAsync("alice", "C");
        Assert.Equal(1, depth3.Single(d => d.EntityId == c.Id).Depth);
    }

    [ContractFact]
    public async Task Walk_DenseGraph_StopsAtTheRowLimit()
    {
        var facts = new List<FactAssertion>();
        for (var i = 0; i < 30; i++)
        {
            for (var j = 0; j < 30; j++)
            {
                if (i != j)
                {
                    facts.Add(Fact($"n{i}", "links", $"n{j}", T0));
                }
            }
        }

        await Store.WriteAsync(Write("alice", T0, [.. facts]));
        var start = await FindAsync("alice", "n0");

        var walked = await Store.WalkAsync("alice", start.Id, 4, T1, 50);

        Assert.InRange(walked.Count, 1, 30);
    }

    [ContractFact]
    public async Task FindPath_ShortestPathEitherDirection_AndNullWhenNone()
    {
        await Store.WriteAsync(Write("alice", T0, Fact("Alice", "works_at", "Acme", T0), Fact("Bob", "works_at", "Acme", T0), Fact("Bob", "lives_in", "Leeds", T0), Fact("Zed", "likes", "tea", T0)));
        var alice = await FindAsync("alice", "Alice");
        var leeds = await FindAsync("alice", "Leeds");
        var zed = await FindAsync("alice", "Zed");

        var path = await Store.FindPathAsync("alice", alice.Id, leeds.Id, 6, T1, 10_000);

        Assert.NotNull(path);
        Assert.Equal(3, path.Count);
        Assert.Equal(leeds.Id, path[^1].EntityId);
        Assert.Null(await Store.FindPathAsync("alice", alice.Id, zed.Id, 6, T1, 10_000));
        Assert.Null(await Store.FindPathAsync("alice", alice.Id, leeds.Id, 2, T1, 10_000));
        Assert.Empty((await Store.FindPathAsync("alice", alice.Id, alice.Id, 6, T1, 10_000))!);
    }

    [ContractFact]
    public async Task Changes_BetweenTwoTimes_ListsAddedAndInvalidatedInOrderAndPages()
    {
        var paris = await Store.WriteAsync(Write("alice", T0, Fact("Alice", "lives_in", "Paris", T0, single: true)));
        var berlin = await Store.WriteAsync(Write("alice", T1, Fact("Alice", "lives_in", "Berlin", T1, single: true)));
        await Store.WriteAsync(Write("alice", T3, Fact("Alice", "likes", "tea", T3)));

        var changes = await Store.ChangesAsync("alice", T1, T2, null, 10);
        Assert.Equal([(GraphChangeKind.Added, berlin.FactIds[0]), (GraphChangeKind.Invalidated, paris.FactIds[0])], changes.Select(c => (c.Kind, c.Fact.Id)));

        var firstPage = await Store.ChangesAsync("alice", T0, T3.AddSeconds(1), null, 2);
        var last = firstPage[^1];
        var secondPage = await Store.ChangesAsync("alice", T0, T3.AddSeconds(1), new GraphChangeCursor(last.At, last.Kind, last.Fact.Id), 10);
        Assert.Equal(4, firstPage.Count + secondPage.Count);
        Assert.Empty(firstPage.Select(c => (c.Kind, c.Fact.Id)).Intersect(secondPage.Select(c => (c.Kind, c.Fact.Id))));
    }

    [ContractFact]
    public async Task AnotherPrincipal_SeesNoneOfTheGraph()
    {
        var written = await Store.WriteAsync(Write("alice", T0, Fact("Alice", "lives_in", "Paris", T0, single: true)));
        var bobs = await Store.WriteAsync(Write("bob", T1, Fact("Alice", "lives_in", "Rome", T1, single: true)));

        Assert.Empty(bobs.Conflicts);
        Assert.NotEqual(written.EntityIds[0], bobs.EntityIds[0]);
        Assert.Empty(await Store.GetFactsAsync("bob", [written.FactIds[0]]));
        Assert.Empty(await Store.GetEntitiesAsync("bob", [written.EntityIds[0]]));
        Assert.Empty(await Store.FactsAmongAsync("bob", [written.EntityIds[0]], T2, false, 10));
        Assert.All(await Store.WalkAsync("bob", written.EntityIds[0], 2, T2, 100), d => Assert.Equal(0, d.Depth));
        Assert.Empty(await Store.ChangesAsync("bob", T0, T1, null, 10));
        Assert.False(await Store.DeleteEntityAsync("bob", written.EntityIds[0]));
        Assert.False(await Store.MergeEntitiesAsync("bob", bobs.EntityIds[0], written.EntityIds[0]));
        Assert.Single(await Store.GetFactsAsync("alice", [written.FactIds[0]]));
    }

    [ContractFact]
    public async Task EntityVectors_UnembeddedAreListedUntilSet_AndSystemTypesNever()
    {
        await Store.WriteAsync(Write("alice", T0, [new EntityMention("Kiln", "project", ["kiln"]), EntityMention.Named("file.write", "tool")]));

        var pending = await Store.ListUnembeddedAsync(10);
        var kiln = Assert.Single(pending);
        Assert.Equal("Kiln", kiln.Name);

        await Store.SetEntityVectorsAsync([new EntityVectorUpdate("alice", kiln.Id, "m1", KilnVector)]);
        Assert.Empty(await Store.ListUnembeddedAsync(10));
        var stored = Assert.Single(await Store.ReadEntityVectorsAsync("alice", "m1"));
        Assert.Equal(KilnVector, stored.Vector);
        Assert.Equal(1, await Store.ResetEntityVectorsAsync("m2"));
        Assert.Single(await Store.ListUnembeddedAsync(10));
    }
}
