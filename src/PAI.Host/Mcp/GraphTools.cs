using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PAI.Host.Apis;
using PAI.Host.Apis.Models;
using PAI.Memory.Graph;

namespace PAI.Host.Mcp;

/// <summary>
/// MCP tools over <c>/api/graph</c>: <c>assert_fact</c> (POST /api/graph/facts with one fact), <c>query_graph</c>
/// (GET /api/graph/entities/{name} or /api/graph/path) and <c>graph_changes</c> (GET /api/graph/changes). Each calls
/// the endpoint's handler, so validation, the answers' shapes and the confinement to the key's principal are the HTTP
/// contract's: another principal's entities are "not found".
/// </summary>
[McpServerToolType]
public sealed class GraphTools(KnowledgeGraphService graph, TimeProvider time, IOptions<JsonOptions> json)
{
    /// <summary>The name of the tool that asserts a fact.</summary>
    public const string AssertFactName = "assert_fact";

    /// <summary>assert_fact: POST /api/graph/facts with one fact; needs a role that may write.</summary>
    public static McpServerTool AssertFact() => new HttpBodyTool(
        new Tool
        {
            Name = AssertFactName,
            Title = "Assert a fact",
            Description = "Stores one fact (subject, predicate, object; optionally when it held) in this key's principal's knowledge graph, "
                + "as POST /api/graph/facts with one fact: answers { ids, conflicts, replayed }. With single=true a current fact of the "
                + "subject with another object is closed (never deleted) and reported in conflicts. With idempotencyKey a retried call stores nothing twice.",
            Annotations = new ToolAnnotations { ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = false, OpenWorldHint = false },
        },
        typeof(FactRequest),
        writes: true,
        takesIdempotencyKey: true,
        async (http, user, services, key, ct) =>
            (await GraphApi.AssertFromAsync(http, user, services.GetRequiredService<KnowledgeGraphService>(), key, "mcp", "MCP " + AssertFactName, ct)).Result,
        envelope: "facts");

    /// <summary>query_graph: GET /api/graph/entities/{entity} or GET /api/graph/path.</summary>
    [McpServerTool(Name = "query_graph", Title = "Query the knowledge graph", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Reads this key's principal's knowledge graph as PAI knew it at asOf (default now). With entity: the entity (by name or alias), "
        + "its neighbours to depth steps and the facts among them, as GET /api/graph/entities/{name}. With from and to: a shortest path "
        + "between two entities, as GET /api/graph/path. An entity this principal does not have is a 404 error.")]
    public async Task<CallToolResult> QueryGraphAsync(
        ClaimsPrincipal user,
        [Description("The entity to read (name or alias); or give from and to instead.")] string? entity = null,
        [Description("With entity: steps away to include (0-4, default 1).")] int? depth = null,
        [Description("The entity a path starts from (with to).")] string? from = null,
        [Description("The entity a path reaches (with from).")] string? to = null,
        [Description("Read the graph as PAI knew it at this time (ISO 8601 with an offset); default now.")] string? asOf = null,
        CancellationToken cancellationToken = default)
    {
        var options = json.Value.SerializerOptions;
        if (entity is not null && (from is not null || to is not null))
        {
            return McpToolResults.From(ApiProblems.Invalid("Invalid arguments", "entity", "give entity (its neighbourhood) or from and to (a path), not both"), options);
        }

        if (entity is not null)
        {
            if (entity.Length == 0)
            {
                return McpToolResults.From(ApiProblems.Invalid("Invalid arguments", "entity", "must not be empty"), options);
            }

            var depthText = depth?.ToString(CultureInfo.InvariantCulture);
            if (depth is < 0)
            {
                return McpToolResults.From(ApiProblems.Invalid("Invalid arguments", "depth", "must be 0 or more"), options);
            }

            return McpToolResults.From((await GraphApi.GetEntityAsync(entity, user, graph, depthText, asOf, cancellationToken)).Result, options);
        }

        if (from is null && to is null)
        {
            return McpToolResults.From(ApiProblems.Invalid("Invalid arguments", "entity", "give entity (its neighbourhood) or from and to (a path)"), options);
        }

        if (depth is not null)
        {
            return McpToolResults.From(ApiProblems.Invalid("Invalid arguments", "depth", "applies to entity only"), options);
        }

        return McpToolResults.From((await GraphApi.PathAsync(user, graph, from, to, asOf, cancellationToken)).Result, options);
    }

    /// <summary>graph_changes: GET /api/graph/changes.</summary>
    [McpServerTool(Name = "graph_changes", Title = "What changed in the knowledge graph", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Facts this key's principal's graph learned or retired in [from, to), oldest first, one page at a time: { items, nextCursor }, as GET /api/graph/changes.")]
    public async Task<CallToolResult> GraphChangesAsync(
        ClaimsPrincipal user,
        [Description("Start of the window (ISO 8601 with an offset), inclusive.")] string from,
        [Description("End of the window (ISO 8601 with an offset), exclusive; default now.")] string? to = null,
        [Description("Items per page, 1-500 (default 50).")] int? limit = null,
        [Description("The nextCursor of the previous page.")] string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        var page = await GraphApi.ChangesAsync(user, graph, from, to, limit?.ToString(CultureInfo.InvariantCulture), cursor, time, cancellationToken);
        return McpToolResults.From(page.Result, json.Value.SerializerOptions);
    }
}
