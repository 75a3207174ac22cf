using System.Text.Json.Nodes;
using PAI.Abstractions.Knowledge;
using PAI.Memory.Graph;
using PAI.Memory.Notes;
using PAI.Testing.Models;

namespace PAI.Memory.Tests.Knowledge;

/// <summary>
/// Notes read by the extraction model (the real <see cref="KnowledgeExtractor"/> over HTTP against the scripted
/// OpenAI-compatible server), on each store: facts come with the note version as their provenance, an edit keeps what
/// the new version states again and drops what only the old one did, deleting the note leaves nothing behind, and the
/// note write never waits for the model. Also a fact's provenance and what retired it.
/// </summary>
public abstract partial class KnowledgeTests
{
    [StoreFact]
    public async Task NoteExtraction_EditKeepsRestatedFactsAndDropsTheOldVersionsOnly_DeleteLeavesNoOrphans()
    {
        var alice = NewPrincipal();
        var token = "xtr-" + Guid.NewGuid().ToString("N")[..10];
        var (kiln, garage, celadon) = ($"Kiln {token}", $"Garage {token}", $"Celadon {token}");
        var path = $"studio/{token}.md";
        var v1 = $"# Studio\n\nThe {kiln} stands in the {garage}. It fires to cone 6.\n";
        var v2 = $"# Studio\n\nThe {kiln} stands in the {garage}. It glazes with {celadon} now.\n";
        Extracts(token, "cone 6", Fact(kiln, "located_in", garage), Fact(kiln, "fires_to", "cone 6", literal: true));
        Extracts(token, "glazes with", Fact(kiln, "located_in", garage), Fact(kiln, "glazes_with", celadon));

        await silo.Notes.WriteAsync(alice, path, v1);
        await WaitForAsync(async () => (await ExtractionEpisodesAsync(alice, path)).SequenceEqual([NotesService.ExtractionEpisodeId(alice, path, Sha(v1))]));
        var first = (await silo.Graph.GetEntityAsync(alice, kiln))!.Facts.Where(f => f.Subject == kiln).ToDictionary(f => f.Fact.Predicate, f => f.Fact);
        Assert.Equal(["fires_to", "located_in"], first.Keys.Order(StringComparer.Ordinal));
        var located = await silo.Graph.GetFactAsync(alice, first["located_in"].Id);
        var source = Assert.Single(located!.Episodes);
        Assert.Equal((NotesService.ExtractionKind, path), (source.Kind, source.Source));
        Assert.StartsWith("sha256:" + Sha(v1), source.Content, StringComparison.Ordinal);
        Assert.Null(await silo.Graph.GetFactAsync(NewPrincipal(), first["located_in"].Id));

        // A person edits the file: the new version is read, the restated fact keeps its id, the dropped one goes.
        await File.WriteAllTextAsync(silo.Notes.Files.FileOf(alice, path)!, v2);
        await WaitForAsync(async () => (await ExtractionEpisodesAsync(alice, path)).SequenceEqual([NotesService.ExtractionEpisodeId(alice, path, Sha(v2))]));
        var second = (await silo.Graph.GetEntityAsync(alice, kiln))!.Facts.Where(f => f.Subject == kiln).ToList();
        Assert.Equal(["glazes_with", "located_in"], second.Select(f => f.Fact.Predicate).Order(StringComparer.Ordinal));
        var kept = Assert.Single(second, f => f.Fact.Predicate == "located_in").Fact;
        Assert.Equal((first["located_in"].Id, first["located_in"].RecordedAt), (kept.Id, kept.RecordedAt));
        Assert.Empty(await silo.Store.GetFactsAsync(alice, [first["fires_to"].Id]));
        Assert.Equal([NotesService.ExtractionEpisodeId(alice, path, Sha(v2))], (await silo.Graph.GetFactAsync(alice, kept.Id))!.Episodes.Select(e => e.Id));
        Assert.Equal(1, silo.Model.Requests.Count(r => KnowledgeSiloFixture.IsExtraction(r) && r.AllUser.Contains(token, StringComparison.Ordinal) && r.AllUser.Contains("cone 6", StringComparison.Ordinal)));

        // Deleting the note forgets what only it supported: no fact, source, episode or entity is left.
        Assert.True(await silo.Notes.DeleteAsync(alice, path));
        var ids = second.Select(f => f.Fact.Id).ToList();
        Assert.Empty(await silo.Store.GetFactsAsync(alice, ids));
        Assert.Empty(await silo.Store.GetFactSourcesAsync(alice, kept.Id));
        Assert.Empty(await ExtractionEpisodesAsync(alice, path));
        foreach (var name in new[] { kiln, garage, celadon, "note:" + path })
        {
            Assert.Null(await silo.Graph.FindEntityAsync(alice, name));
        }
    }

    [StoreFact]
    public async Task NoteExtraction_TheWriteDoesNotWaitForTheModel_TheFactsFollowWhenItAnswers()
    {
        var alice = NewPrincipal();
        var token = "xtr-" + Guid.NewGuid().ToString("N")[..10];
        var path = $"{token}.md";
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.Model.On(
            r => KnowledgeSiloFixture.IsExtraction(r) && r.AllUser.Contains(token, StringComparison.Ordinal),
            _ => ScriptedReply.Json(new JsonObject { ["summary"] = "a slow model", ["facts"] = new JsonArray(Fact($"Wheel {token}", "made_of", "stone")) }) with { Gate = answer.Task });

        var written = await silo.Notes.WriteAsync(alice, path, $"The {token} wheel is made of stone.\n");

        Assert.True(written.Changed);
        await silo.Model.WaitForAsync(r => KnowledgeSiloFixture.IsExtraction(r) && r.AllUser.Contains(token, StringComparison.Ordinal), SafetyTimeout);
        Assert.Single(await silo.Notes.SearchAsync(alice, $"{token} wheel stone", 5));
        Assert.Empty(await ExtractionEpisodesAsync(alice, path));
        Assert.Null(await silo.Graph.FindEntityAsync(alice, $"Wheel {token}"));

        answer.SetResult();
        await WaitForAsync(async () => await silo.Graph.FindEntityAsync(alice, $"Wheel {token}") is not null);
        Assert.Single(await ExtractionEpisodesAsync(alice, path));
    }

    [StoreFact]
    public async Task FactProvenance_NamesItsEpisodesAndTheFactThatRetiredIt_OnlyForItsPrincipal()
    {
        var alice = NewPrincipal();
        var paris = await silo.Graph.AssertAsync(alice, [new FactInput("Alice", "lives_in", "Paris", ValidFrom: DateTimeOffset.UtcNow.AddDays(-2), Single: true)], "api", "POST /api/graph/facts");
        await Task.Delay(20);
        await silo.Graph.AssertAsync(alice, [new FactInput("Alice", "lives_in", "Paris", ValidFrom: DateTimeOffset.UtcNow.AddDays(-2), Single: true)], "tool", "graph.assert");
        await Task.Delay(20);
        var berlin = await silo.Graph.AssertAsync(alice, [new FactInput("Alice", "lives_in", "Berlin", Single: true)], "api", "POST /api/graph/facts");

        var retired = await silo.Graph.GetFactAsync(alice, paris.FactIds[0]);

        Assert.NotNull(retired);
        Assert.Equal(("Alice", "Paris"), (retired.Fact.Subject, retired.Fact.Object));
        Assert.NotNull(retired.Fact.Fact.InvalidatedAt);
        Assert.Equal(berlin.FactIds[0], retired.SupersededBy!.Fact.Id);
        Assert.Equal("Berlin", retired.SupersededBy.Object);
        Assert.Equal(["api", "tool"], retired.Episodes.Select(e => e.Kind));
        Assert.Null(await silo.Graph.GetFactAsync(NewPrincipal(), paris.FactIds[0]));
        Assert.Null(await silo.Graph.GetFactAsync(alice, "f_" + new string('0', 32)));
    }

    private void Extracts(string token, string when, params JsonObject[] facts) => silo.Model.On(
        r => KnowledgeSiloFixture.IsExtraction(r) && r.AllUser.Contains(token, StringComparison.Ordinal) && r.AllUser.Contains(when, StringComparison.Ordinal),
        _ => ScriptedReply.Json(new JsonObject { ["summary"] = "the studio", ["facts"] = new JsonArray([.. facts]) }));

    private async Task<IReadOnlyList<string>> ExtractionEpisodesAsync(string principal, string path) =>
        [.. (await silo.Store.ListEpisodesAsync(principal, NotesService.ExtractionKind, path, 10)).Select(e => e.Id)];

    private static JsonObject Fact(string subject, string predicate, string obj, bool literal = false) =>
        new() { ["subject"] = subject, ["predicate"] = predicate, ["object"] = obj, ["literal"] = literal };
}
