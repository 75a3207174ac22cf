using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PAI.Abstractions.Knowledge;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;
using PAI.Host.Auth;
using PAI.Memory.Graph;
using PAI.Memory.Memories;
using PAI.Memory.Tools;

namespace PAI.Host.Apis;

/// <summary>
/// <c>/api/graph</c>: the caller's temporal knowledge graph: assert facts (no model involved), read an entity's
/// neighbourhood as of a time, list what changed between two times, find a path, forget an entity. Every call is
/// confined to the authenticated principal: another principal's entities answer 404.
/// </summary>
public static class GraphApi
{
    /// <summary>Largest assert body: 10,000 facts of a few hundred bytes.</summary>
    public const long MaxAssertBodyBytes = 8 * 1024 * 1024;

    private const string ChangesCursor = "graph-changes";

    /// <summary>Maps the graph endpoints.</summary>
    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/graph").WithTags("Graph");
        api.MapPost("/facts", AssertAsync).Accepts<AssertFactsRequest>(StrictJsonBody.MediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/facts/{id}", GetFactAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/entities/{**name}", GetEntityAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapDelete("/entities/{**name}", ForgetEntityAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/changes", ChangesAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/path", PathAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>POST /api/graph/facts: stores the facts in one transaction; answers their ids in order and the conflicts they settled.
    /// With <c>Idempotency-Key</c>, a retried request stores nothing twice and answers the same ids.</summary>
    public static Task<Results<Ok<AssertFactsResponse>, ProblemHttpResult>> AssertAsync(
        HttpContext context,
        ClaimsPrincipal user,
        KnowledgeGraphService graph,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CancellationToken cancellationToken) =>
        AssertFromAsync(context, user, graph, idempotencyKey, "api", "POST /api/graph/facts", cancellationToken);

    /// <summary>What <see cref="AssertAsync"/> does, recording the episode as <paramref name="kind"/> from
    /// <paramref name="source"/> (MCP's <c>assert_fact</c> records itself).</summary>
    public static async Task<Results<Ok<AssertFactsResponse>, ProblemHttpResult>> AssertFromAsync(
        HttpContext context,
        ClaimsPrincipal user,
        KnowledgeGraphService graph,
        string? idempotencyKey,
        string kind,
        string source,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (idempotencyKey is { Length: 0 or > 200 })
        {
            return ApiProblems.Malformed("Invalid Idempotency-Key", [new("Idempotency-Key", "the Idempotency-Key header must be 1-200 characters")]);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxAssertBodyBytes;
        }

        var read = await StrictJsonBody.ReadAsync<AssertFactsRequest>(context.Request, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Problem;
        }

        var problems = new List<MemoryError>();
        var facts = new List<FactInput>(read.Value.Facts.Count);
        for (var i = 0; i < read.Value.Facts.Count; i++)
        {
            var f = read.Value.Facts[i];
            var (obj, value) = GraphJson.ReadObject(f.Object, $"facts[{i}].object", problems);
            facts.Add(new FactInput(f.Subject, f.Predicate, obj, value, f.ValidFrom, f.ValidTo, f.Single ?? false));
        }

        if (problems.Count > 0)
        {
            return Invalid(problems);
        }

        try
        {
            var result = await graph.AssertAsync(user.PrincipalName(), facts, kind, source, idempotencyKey, cancellationToken);
            return TypedResults.Ok(new AssertFactsResponse(result.FactIds, [.. result.Conflicts.Select(FactConflictResponse.From)], result.Replayed));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex.Errors);
        }
    }

    /// <summary>GET /api/graph/facts/{id}: the fact with its provenance (the episodes that stated it, what retired it).
    /// Another principal's fact answers 404, like a missing one.</summary>
    public static async Task<Results<Ok<FactProvenanceResponse>, ProblemHttpResult>> GetFactAsync(string id, ClaimsPrincipal user, KnowledgeGraphService graph, CancellationToken cancellationToken)
    {
        var found = id.Length <= 100 ? await graph.GetFactAsync(user.PrincipalName(), id, cancellationToken) : null;
        return found is null
            ? ApiProblems.NotFound("Fact not found", $"no fact '{(id.Length > 100 ? id[..100] : id)}'")
            : TypedResults.Ok(FactProvenanceResponse.From(found));
    }

    /// <summary>GET /api/graph/entities/{name}: the entity (by name or alias), its neighbours to <c>depth</c> steps and the facts among them, as PAI knew them at <c>asOf</c>.</summary>
    public static async Task<Results<Ok<EntityNeighbourhoodResponse>, ProblemHttpResult>> GetEntityAsync(
        string name,
        ClaimsPrincipal user,
        KnowledgeGraphService graph,
        [Description("Steps away to include (0-4, default 1).")] string? depth,
        [Description("Read the graph as PAI knew it at this time (ISO 8601); default now.")] string? asOf,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        int? steps = null;
        if (depth is not null)
        {
            if (int.TryParse(depth, NumberStyles.None, CultureInfo.InvariantCulture, out var d))
            {
                steps = d;
            }
            else
            {
                errors.Add(new("depth", "must be a whole number"));
            }
        }

        var at = QueryTime.Parse(asOf, "asOf", errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid query", errors);
        }

        try
        {
            var found = await graph.GetEntityAsync(user.PrincipalName(), name, steps, at, cancellationToken);
            return found is null ? NotFound(name) : TypedResults.Ok(EntityNeighbourhoodResponse.From(found));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex.Errors);
        }
    }

    /// <summary>DELETE /api/graph/entities/{name}: forgets the entity, its keys and its facts, and entities only those facts referred to.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> ForgetEntityAsync(string name, ClaimsPrincipal user, KnowledgeGraphService graph, CancellationToken cancellationToken)
    {
        if (name.Length > EntityKeys.MaxNameLength || !await graph.ForgetEntityAsync(user.PrincipalName(), name, cancellationToken))
        {
            return NotFound(name);
        }

        return TypedResults.NoContent();
    }

    /// <summary>GET /api/graph/changes: facts learned or retired in [<c>from</c>, <c>to</c>), oldest first, paged.</summary>
    public static async Task<Results<Ok<Page<GraphChangeResponse>>, ProblemHttpResult>> ChangesAsync(
        ClaimsPrincipal user,
        KnowledgeGraphService graph,
        [Description("Start of the window (ISO 8601), inclusive.")] string? from,
        [Description("End of the window (ISO 8601), exclusive; default now.")] string? to,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var page = PageQuery.Parse(limit, cursor, ChangesCursor, 3, errors);
        var start = QueryTime.Parse(from, "from", errors);
        if (from is null)
        {
            errors.Add(new("from", "is required"));
        }

        var end = QueryTime.Parse(to, "to", errors) ?? time.GetUtcNow();
        GraphChangeCursor? after = null;
        if (page.After is [var at, var kind, var id])
        {
            if (DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) && kind is "0" or "1")
            {
                after = new GraphChangeCursor(t, kind == "0" ? GraphChangeKind.Added : GraphChangeKind.Invalidated, id);
            }
            else
            {
                errors.Add(new("cursor", "the cursor is not one this API issued"));
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid query", errors);
        }

        try
        {
            var changes = await graph.ChangesAsync(user.PrincipalName(), start!.Value, end, after, page.Limit, cancellationToken);
            var next = changes.Next is { } n
                ? PageCursor.Encode(ChangesCursor, n.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), n.Kind == GraphChangeKind.Added ? "0" : "1", n.FactId)
                : null;
            return TypedResults.Ok(new Page<GraphChangeResponse>([.. changes.Items.Select(c => GraphChangeResponse.From(c.Change, c.Fact))], next));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex.Errors);
        }
    }

    /// <summary>GET /api/graph/path: a shortest path between two entities (facts walked either way), as of <c>asOf</c>.</summary>
    public static async Task<Results<Ok<GraphPathResponse>, ProblemHttpResult>> PathAsync(
        ClaimsPrincipal user,
        KnowledgeGraphService graph,
        [Description("The entity to start from (name or alias).")] string? from,
        [Description("The entity to reach (name or alias).")] string? to,
        [Description("Read the graph as PAI knew it at this time (ISO 8601); default now.")] string? asOf,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(from))
        {
            errors.Add(new("from", "is required"));
        }

        if (string.IsNullOrEmpty(to))
        {
            errors.Add(new("to", "is required"));
        }

        var at = QueryTime.Parse(asOf, "asOf", errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid query", errors);
        }

        try
        {
            var path = await graph.PathAsync(user.PrincipalName(), from!, to!, at, cancellationToken);
            return path is null ? ApiProblems.NotFound("Entity not found", "no entity by one of these names") : TypedResults.Ok(GraphPathResponse.Of(path));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex.Errors);
        }
    }

    private static ProblemHttpResult NotFound(string name) => ApiProblems.NotFound("Entity not found", $"no entity '{(name.Length > 100 ? name[..100] : name)}'");

    private static ProblemHttpResult Invalid(IReadOnlyList<MemoryError> errors) => ApiProblems.Invalid("Invalid request", MemoryRequestMapper.ToFieldErrors(errors));
}
