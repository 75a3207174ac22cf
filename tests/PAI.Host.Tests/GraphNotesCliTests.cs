using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Host.Tests;

/// <summary><c>pai graph ...</c> and <c>pai notes ...</c> against a real host, as the key's principal.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class GraphNotesCliTests(SharedHost shared) : IClassFixture<SharedHost>
{
    [Fact]
    public async Task GraphCommands_AssertShowFactChangesPathForget_WorkEndToEndAndStayTheCallersOwn()
    {
        var host = shared.Host;
        var marker = Guid.NewGuid().ToString("N")[..8];
        var (alice, bob) = ($"Alice{marker}", $"Kiln{marker}");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

        var (code, asserted, error) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "graph", "assert", alice, "works_on", bob);
        Assert.True(code == 0, error);
        Assert.StartsWith("f_", asserted.Trim(), StringComparison.Ordinal);
        var (literalCode, _, literalError) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "graph", "assert", bob, "status", "firing", "--literal", "--single");
        Assert.True(literalCode == 0, literalError);

        var (showCode, shown, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "graph", "show", alice, "--json");
        Assert.Equal(0, showCode);
        var neighbourhood = JsonNode.Parse(shown)!;
        Assert.Equal(alice, neighbourhood["entity"]!["name"]!.GetValue<string>());
        Assert.Contains(neighbourhood["facts"]!.AsArray(), f => f!["predicate"]!.GetValue<string>() == "works_on");
        var (tableCode, table, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "graph", "show", alice);
        Assert.Equal(0, tableCode);
        Assert.Contains("works_on", table, StringComparison.Ordinal);

        var (changesCode, changes, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "graph", "changes", "--from", before, "--json");
        Assert.Equal(0, changesCode);
        Assert.Contains(JsonNode.Parse(changes)!["items"]!.AsArray(), c => c!["fact"]!["subject"]!.GetValue<string>() == bob && c["fact"]!["predicate"]!.GetValue<string>() == "status");

        var (factCode, fact, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "graph", "fact", asserted.Trim());
        Assert.Equal(0, factCode);
        Assert.Contains("works_on", fact, StringComparison.Ordinal);
        var (factJsonCode, factJson, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "graph", "fact", asserted.Trim(), "--json");
        Assert.Equal(0, factJsonCode);
        Assert.Equal("POST /api/graph/facts", Assert.Single(JsonNode.Parse(factJson)!["episodes"]!.AsArray())!["source"]!.GetValue<string>());

        var (pathCode, path, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "graph", "path", alice, bob, "--json");
        Assert.Equal(0, pathCode);
        Assert.Single(JsonNode.Parse(path)!["steps"]!.AsArray());

        // Another principal's key sees nothing of it.
        var (_, otherKey) = await host.Client.CreateKeyAsync($"other{marker}", "user");
        var (otherCode, _, otherError) = await CliRunner.RunAsync(host, otherKey, "graph", "show", alice);
        Assert.Equal(1, otherCode);
        Assert.Contains("404", otherError, StringComparison.Ordinal);

        var (forgetCode, forgot, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "graph", "forget", alice);
        Assert.Equal(0, forgetCode);
        Assert.Equal($"forgot {alice}", forgot.Trim());
        var (goneCode, _, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "graph", "show", alice);
        Assert.Equal(1, goneCode);
    }

    [Fact]
    public async Task NotesCommands_WriteReadSearchDelete_WorkEndToEnd_AndAMissingFileIsOneLine()
    {
        var host = shared.Host;
        var marker = Guid.NewGuid().ToString("N")[..8];
        var note = $"projects/kiln-{marker}.md";
        var file = Path.Combine(host.DataDirectory, $"note-{marker}.md");
        var markdown = $"# Kiln {marker}\n\nThe glaze firing reached cone 6 ({marker}); see [[Glazes]].\n";
        await File.WriteAllTextAsync(file, markdown);

        var (code, written, error) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "notes", "write", note, file);
        Assert.True(code == 0, error);
        Assert.StartsWith($"{note}: ", written.Trim(), StringComparison.Ordinal);

        var (readCode, read, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "notes", "read", note);
        Assert.Equal(0, readCode);
        Assert.Equal(markdown, read);

        var (searchCode, found, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "notes", "search", $"glaze firing cone {marker}", "--json");
        Assert.Equal(0, searchCode);
        Assert.Equal(note, JsonNode.Parse(found)!["items"]![0]!["path"]!.GetValue<string>());

        var (deleteCode, deleted, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "notes", "delete", note);
        Assert.Equal(0, deleteCode);
        Assert.Equal($"deleted {note}", deleted.Trim());
        var (goneCode, _, gone) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "notes", "read", note);
        Assert.Equal(1, goneCode);
        Assert.Contains("404", gone, StringComparison.Ordinal);

        var (missingCode, _, missing) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "notes", "write", note, Path.Combine(host.DataDirectory, "no-such-file.md"));
        Assert.NotEqual(0, missingCode);
        Assert.Single(missing.Trim().Split('\n'));
        Assert.Contains("cannot read", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotesList_WithPrefix_PrintsTheCallersNotesInPathOrder()
    {
        var host = shared.Host;
        var folder = $"cli-list-{Guid.NewGuid().ToString("N")[..8]}";
        foreach (var (name, text) in new[] { ("b.md", "# Bravo\n"), ("a.md", "---\ntags: [kiln]\n---\n# Alpha\n") })
        {
            var file = Path.Combine(host.DataDirectory, $"{folder}-{name}");
            await File.WriteAllTextAsync(file, text);
            var (written, _, error) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "notes", "write", $"{folder}/{name}", file);
            Assert.True(written == 0, error);
        }

        var (code, json, jsonError) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "notes", "list", "--prefix", folder + "/", "--json");
        Assert.True(code == 0, jsonError);
        var items = JsonNode.Parse(json)!.AsArray();
        Assert.Equal([$"{folder}/a.md", $"{folder}/b.md"], items.Select(i => i!["path"]!.GetValue<string>()));
        Assert.Equal("Alpha", items[0]!["title"]!.GetValue<string>());
        Assert.Equal(["kiln"], items[0]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var (tableCode, table, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "notes", "list", "--prefix", folder + "/");
        Assert.Equal(0, tableCode);
        Assert.Contains("Bravo", table, StringComparison.Ordinal);
        Assert.True(table.IndexOf("Alpha", StringComparison.Ordinal) < table.IndexOf("Bravo", StringComparison.Ordinal), table);
    }
}
