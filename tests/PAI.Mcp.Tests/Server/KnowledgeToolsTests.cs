using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using PAI.Host.Tests.Infrastructure;
using PAI.Mcp.Tests.Infrastructure;

namespace PAI.Mcp.Tests.Server;

/// <summary>
/// The knowledge graph and notes over MCP (<c>assert_fact</c>, <c>query_graph</c>, <c>graph_changes</c>,
/// <c>list_notes</c>, <c>write_note</c>, <c>read_note</c>, <c>search_notes</c>, <c>delete_note</c>, <c>pai://notes/{path}</c>): the HTTP
/// handlers, confined to the calling key's principal, with the HTTP roles and an audit entry per call.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class KnowledgeToolsTests(McpHostFixture fixture) : IClassFixture<McpHostFixture>
{
    private PaiProcess Host => fixture.Host;

    [Fact]
    public async Task AssertFactThenQueryGraph_SameKey_SeesTheFact_AnotherPrincipalDoesNot()
    {
        await using var alice = await McpTestClients.HttpAsync(Host, McpTestKeys.User);
        await using var admin = await McpTestClients.HttpAsync(Host, PaiProcess.ApiKey);

        var stored = await alice.CallOkAsync("assert_fact", new { subject = "Kiln Seven", predicate = "located_in", @object = "Glass Workshop", idempotencyKey = "kiln-1" });
        var again = await alice.CallOkAsync("assert_fact", new { subject = "Kiln Seven", predicate = "located_in", @object = "Glass Workshop", idempotencyKey = "kiln-1" });
        var found = await alice.CallOkAsync("query_graph", new { entity = "Kiln Seven", depth = 1 });
        var path = await alice.CallOkAsync("query_graph", new { from = "Kiln Seven", to = "Glass Workshop" });
        var (othersIsError, others) = await admin.CallAsync("query_graph", new { entity = "Kiln Seven" });
        using var http = await Host.Client.GetAsync(new Uri("/api/graph/entities/Kiln%20Seven", UriKind.Relative));

        var id = Assert.Single(stored["ids"]!.AsArray())!.GetValue<string>();
        Assert.Equal(id, Assert.Single(again["ids"]!.AsArray())!.GetValue<string>());
        Assert.True(again["replayed"]!.GetValue<bool>());
        Assert.Equal("Kiln Seven", found["entity"]!["name"]!.GetValue<string>());
        Assert.Contains(found["facts"]!.AsArray(), f => f!["id"]!.GetValue<string>() == id && f["object"]!.GetValue<string>() == "Glass Workshop");
        Assert.Contains(found["neighbours"]!.AsArray(), n => n!["name"]!.GetValue<string>() == "Glass Workshop");
        Assert.NotEmpty(path["steps"]!.AsArray());
        Assert.True(othersIsError);
        Assert.Equal(404, others["status"]!.GetValue<int>());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, http.StatusCode);
    }

    [Fact]
    public async Task AssertFact_SingleValuedContradiction_ClosesTheOldFactAndAsOfReadsTheOldKnowledge()
    {
        await using var alice = await McpTestClients.HttpAsync(Host, McpTestKeys.User);
        var since = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");

        var first = await alice.CallOkAsync("assert_fact", new { subject = "Heron Project", predicate = "status", @object = new { value = "draft" }, single = true, validFrom = "2026-01-01T00:00:00Z" });
        await Task.Delay(50);
        var between = DateTimeOffset.UtcNow.ToString("O");
        await Task.Delay(50);
        var second = await alice.CallOkAsync("assert_fact", new { subject = "Heron Project", predicate = "status", @object = new { value = "shipped" }, single = true, validFrom = "2026-03-01T00:00:00Z" });
        var before = await alice.CallOkAsync("query_graph", new { entity = "Heron Project", asOf = between });
        var now = await alice.CallOkAsync("query_graph", new { entity = "Heron Project" });
        var changes = await alice.CallOkAsync("graph_changes", new { from = since, limit = 500 });

        var oldId = Assert.Single(first["ids"]!.AsArray())!.GetValue<string>();
        var newId = Assert.Single(second["ids"]!.AsArray())!.GetValue<string>();
        var conflict = Assert.Single(second["conflicts"]!.AsArray())!;
        Assert.Equal(oldId, conflict["existing"]!["id"]!.GetValue<string>());
        Assert.Equal("superseded", conflict["kind"]!.GetValue<string>());
        Assert.Contains(before["facts"]!.AsArray(), f => f!["id"]!.GetValue<string>() == oldId);
        Assert.DoesNotContain(before["facts"]!.AsArray(), f => f!["id"]!.GetValue<string>() == newId);
        Assert.Contains(now["facts"]!.AsArray(), f => f!["id"]!.GetValue<string>() == newId);
        Assert.Contains(changes["items"]!.AsArray(), c => c!["fact"]!["id"]!.GetValue<string>() == oldId);
        Assert.Contains(changes["items"]!.AsArray(), c => c!["fact"]!["id"]!.GetValue<string>() == newId);
    }

    [Fact]
    public async Task KnowledgeTools_BadArguments_ProblemNamesTheArgument()
    {
        await using var alice = await McpTestClients.HttpAsync(Host, McpTestKeys.User);

        var (unknownIsError, unknown) = await alice.CallAsync("assert_fact", new { subject = "A", predicate = "p", @object = "B", colour = "blue" });
        var (emptyIsError, empty) = await alice.CallAsync("assert_fact", new { subject = "", predicate = "p", @object = "B" });
        var (hugeIsError, huge) = await alice.CallAsync("assert_fact", new { subject = new string('x', 100_000), predicate = "p", @object = "B" });
        var (neitherIsError, neither) = await alice.CallAsync("query_graph", new { depth = 1 });
        var (escapeIsError, escape) = await alice.CallAsync("write_note", new { path = "../bob/secrets.md", markdown = "# nope" });
        var (kIsError, k) = await alice.CallAsync("search_notes", new { query = "x", k = 99 });

        Assert.All(new[] { unknownIsError, emptyIsError, hugeIsError, neitherIsError, escapeIsError, kIsError }, Assert.True);
        Assert.Equal(422, unknown["status"]!.GetValue<int>());
        Assert.Contains(unknown["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "colour");
        Assert.Contains(empty["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "subject");
        Assert.Equal(422, huge["status"]!.GetValue<int>());
        Assert.Contains(huge["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "subject");
        Assert.Equal(422, neither["status"]!.GetValue<int>());
        Assert.Equal(422, escape["status"]!.GetValue<int>());
        Assert.Contains(escape["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "path");
        Assert.Contains(k["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "k");
    }

    [Fact]
    public async Task ReadOnlyKey_ReadsTheGraphAndNotesButCannotWrite()
    {
        await using var reader = await McpTestClients.HttpAsync(Host, McpTestKeys.ReadOnly);

        var (assertIsError, assert) = await reader.CallAsync("assert_fact", new { subject = "A", predicate = "p", @object = "B" });
        var (writeIsError, write) = await reader.CallAsync("write_note", new { path = "a.md", markdown = "# a" });
        var (deleteIsError, delete) = await reader.CallAsync("delete_note", new { path = "a.md" });
        var (queryIsError, query) = await reader.CallAsync("query_graph", new { entity = "A" });
        var search = await reader.CallOkAsync("search_notes", new { query = "anything" });

        Assert.True(assertIsError && writeIsError && deleteIsError);
        Assert.All(new[] { assert, write, delete }, p => Assert.Equal(403, p["status"]!.GetValue<int>()));
        Assert.True(queryIsError);
        Assert.Equal(404, query["status"]!.GetValue<int>());
        Assert.Empty(search["items"]!.AsArray());
    }

    [Fact]
    public async Task WriteNoteThenReadSearchAndResource_SameKey_AnotherPrincipalSeesNothing()
    {
        await using var alice = await McpTestClients.HttpAsync(Host, McpTestKeys.User);
        await using var admin = await McpTestClients.HttpAsync(Host, PaiProcess.ApiKey);
        const string markdown = "# Kiln firing\n\nThe [[Glass Workshop]] kiln fires cones at 1240 degrees overnight. #pottery\n";

        var written = await alice.CallOkAsync("write_note", new { path = "projects/kiln.md", markdown });
        var read = await alice.CallOkAsync("read_note", new { path = "projects/kiln.md" });
        var found = await alice.CallOkAsync("search_notes", new { query = "kiln cones overnight", k = 3 });
        var listed = await alice.CallOkAsync("list_notes", new { prefix = "projects/" });
        var othersList = await admin.CallOkAsync("list_notes", new { prefix = "projects/" });
        var resource = await alice.ReadResourceAsync("pai://notes/projects/kiln.md");
        var templates = await alice.ListResourceTemplatesAsync();
        var (othersReadIsError, othersRead) = await admin.CallAsync("read_note", new { path = "projects/kiln.md" });
        var othersFind = await admin.CallOkAsync("search_notes", new { query = "kiln cones overnight", k = 3 });
        var othersResource = await Assert.ThrowsAsync<McpProtocolException>(() => admin.ReadResourceAsync("pai://notes/projects/kiln.md").AsTask());

        Assert.Equal("projects/kiln.md", written["path"]!.GetValue<string>());
        Assert.Contains(written["links"]!.AsArray(), l => l!.GetValue<string>() == "Glass Workshop");
        Assert.Equal(markdown, read["markdown"]!.GetValue<string>());
        Assert.Contains(found["items"]!.AsArray(), h => h!["path"]!.GetValue<string>() == "projects/kiln.md");
        Assert.Contains(listed["items"]!.AsArray(), n => n!["path"]!.GetValue<string>() == "projects/kiln.md" && n["title"]!.GetValue<string>() == "Kiln firing");
        Assert.DoesNotContain(othersList["items"]!.AsArray(), n => n!["path"]!.GetValue<string>() == "projects/kiln.md");
        Assert.Equal(markdown, Assert.IsType<TextResourceContents>(Assert.Single(resource.Contents)).Text);
        Assert.Contains(templates, t => t.UriTemplate == "pai://notes/{+path}");
        Assert.True(othersReadIsError);
        Assert.Equal(404, othersRead["status"]!.GetValue<int>());
        Assert.DoesNotContain(othersFind["items"]!.AsArray(), h => h!["path"]!.GetValue<string>() == "projects/kiln.md");
        Assert.Equal(McpErrorCode.ResourceNotFound, othersResource.ErrorCode);
    }

    [Fact]
    public async Task DeleteNote_ThenRead_IsGone()
    {
        await using var alice = await McpTestClients.HttpAsync(Host, McpTestKeys.User);
        await alice.CallOkAsync("write_note", new { path = "scratch/temp.md", markdown = "# Temporary\n\nthrowaway words" });

        var deleted = await alice.CallOkAsync("delete_note", new { path = "scratch/temp.md" });
        var (readIsError, read) = await alice.CallAsync("read_note", new { path = "scratch/temp.md" });
        var (againIsError, again) = await alice.CallAsync("delete_note", new { path = "scratch/temp.md" });

        Assert.True(deleted["deleted"]!.GetValue<bool>());
        Assert.True(readIsError && againIsError);
        Assert.Equal(404, read["status"]!.GetValue<int>());
        Assert.Equal(404, again["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task KnowledgeCalls_AreAuditedUnderTheKeysPrincipal()
    {
        await using var alice = await McpTestClients.HttpAsync(Host, McpTestKeys.User);
        await alice.CallOkAsync("assert_fact", new { subject = "Audit Owl", predicate = "perches_on", @object = "Barn" });
        await alice.CallOkAsync("write_note", new { path = "audit/owl.md", markdown = "# Owl" });
        await alice.CallAsync("read_note", new { path = "audit/missing.md" });

        var audit = await Host.Client.GetFromJsonAsync<JsonObject>("/api/audit?principal=alice&kind=mcp.tool&limit=500");

        var entries = audit!["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Contains(entries, e => e["tool"]!.GetValue<string>() == "assert_fact" && e["outcome"]!.GetValue<string>() == "ok");
        Assert.Contains(entries, e => e["tool"]!.GetValue<string>() == "write_note" && e["outcome"]!.GetValue<string>() == "ok");
        Assert.Contains(entries, e => e["tool"]!.GetValue<string>() == "read_note" && e["outcome"]!.GetValue<string>() == "failed");
        Assert.All(entries, e => Assert.Equal("alice", e["principal"]!.GetValue<string>()));
    }
}
