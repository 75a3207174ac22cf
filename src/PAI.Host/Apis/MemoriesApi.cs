using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PAI.Abstractions.Memory;
using PAI.Host.Auth;
using PAI.Memory.Memories;

namespace PAI.Host.Apis;

/// <summary>
/// <c>/api/memories</c>: remember, search, read and forget the caller's memories. Every call is confined to the
/// authenticated principal: another principal's memories are never found, and their ids answer 404.
/// </summary>
public static class MemoriesApi
{
    /// <summary>Largest remember body: 1,000 items of 8,000 characters fit, with room for metadata.</summary>
    public const long MaxRememberBodyBytes = 16 * 1024 * 1024;

    private const int MaxIdLength = 100;

    /// <summary>Maps the memory endpoints.</summary>
    public static IEndpointRouteBuilder MapMemoriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/memories").WithTags("Memories");
        api.MapPost("/", RememberAsync);
        api.MapPost("/search", SearchAsync);
        api.MapGet("/{id}", GetAsync);
        api.MapDelete("/{id}", ForgetAsync);
        api.MapDelete("/", ForgetAllAsync);
        return app;
    }

    /// <summary>POST /api/memories: stores up to 1,000 memories in one transaction; answers their ids in order.
    /// With <c>Idempotency-Key</c>, a retried request stores nothing twice and answers the same ids.</summary>
    public static async Task<Results<Ok<RememberedView>, ProblemHttpResult>> RememberAsync(
        HttpContext context,
        ClaimsPrincipal user,
        MemoryService memories,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is { Length: 0 or > 200 })
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key", "the Idempotency-Key header must be 1-200 characters");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRememberBodyBytes;
        }

        var (body, bad) = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return bad!;
        }

        var errors = new List<MemoryError>();
        var items = MemoryRequestReader.ReadRemember(body, errors);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        try
        {
            return TypedResults.Ok(new RememberedView(await memories.RememberAsync(user.PrincipalName(), items, idempotencyKey, cancellationToken)));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex.Errors);
        }
    }

    /// <summary>POST /api/memories/search: the caller's memories best matching the query (hybrid by default).</summary>
    public static async Task<Results<Ok<MemorySearchView>, ProblemHttpResult>> SearchAsync(
        HttpContext context,
        ClaimsPrincipal user,
        MemoryService memories,
        CancellationToken cancellationToken)
    {
        var (body, bad) = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return bad!;
        }

        var errors = new List<MemoryError>();
        var query = MemoryRequestReader.ReadSearch(body, errors);
        if (errors.Count > 0 || query is null)
        {
            return Invalid(errors);
        }

        try
        {
            var result = await memories.SearchAsync(user.PrincipalName(), query, cancellationToken);

            // Where the time went (the query's embedding, then the search itself), for clients and benchmarks.
            context.Response.Headers["Server-Timing"] = string.Create(
                CultureInfo.InvariantCulture,
                $"embed;dur={result.Embedding.TotalMilliseconds:F3}, search;dur={result.Search.TotalMilliseconds:F3}");
            return TypedResults.Ok(new MemorySearchView([.. result.Hits.Select(MemoryHitView.From)]));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex.Errors);
        }
    }

    /// <summary>GET /api/memories/{id}: one of the caller's memories.</summary>
    public static async Task<Results<Ok<MemoryView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IMemoryStore store, CancellationToken cancellationToken)
    {
        if (id.Length > MaxIdLength)
        {
            return NotFound(id[..MaxIdLength]);
        }

        var found = await store.GetAsync(user.PrincipalName(), [id], includeVectors: false, cancellationToken);
        return found.Count == 0 ? NotFound(id) : TypedResults.Ok(MemoryView.From(found[0].Record));
    }

    /// <summary>DELETE /api/memories/{id}: forgets one of the caller's memories, with its vector and full-text row.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> ForgetAsync(string id, ClaimsPrincipal user, MemoryService memories, CancellationToken cancellationToken)
    {
        if (id.Length > MaxIdLength || !await memories.ForgetAsync(user.PrincipalName(), id, cancellationToken))
        {
            return NotFound(id.Length > MaxIdLength ? id[..MaxIdLength] : id);
        }

        return TypedResults.NoContent();
    }

    /// <summary>DELETE /api/memories?all=true: forgets every memory of the caller (admins: of <c>principal</c>).</summary>
    public static async Task<Results<Ok<ForgottenView>, ProblemHttpResult>> ForgetAllAsync(
        ClaimsPrincipal user,
        MemoryService memories,
        bool? all,
        string? principal,
        CancellationToken cancellationToken)
    {
        if (all != true)
        {
            return Problem(StatusCodes.Status400BadRequest, "Confirmation required", "DELETE /api/memories forgets every memory; say so with ?all=true");
        }

        if (principal is not null && principal != user.PrincipalName() && !user.IsAdmin())
        {
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", "only admins forget another principal's memories");
        }

        if (principal is { Length: 0 or > MemoryScope.MaxFieldLength })
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid principal", $"principal must be 1-{MemoryScope.MaxFieldLength} characters");
        }

        return TypedResults.Ok(new ForgottenView(await memories.ForgetAllAsync(principal ?? user.PrincipalName(), cancellationToken)));
    }

    private static async Task<(JsonNode? Body, ProblemHttpResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = MemoryRequestReader.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var error);
        return body is null ? (null, Problem(StatusCodes.Status400BadRequest, "Malformed request", error ?? "the request body is not JSON")) : (body, null);
    }

    private static ProblemHttpResult NotFound(string id) => Problem(StatusCodes.Status404NotFound, "Memory not found", $"no memory '{id}'");

    private static ProblemHttpResult Invalid(IReadOnlyList<MemoryError> errors) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "Invalid request", string.Join("; ", errors.Take(10).Select(e => $"{e.Path}: {e.Message}")), errors);

    private static ProblemHttpResult Problem(int status, string title, string detail, IReadOnlyList<MemoryError>? errors = null)
    {
        var extensions = errors is { Count: > 0 }
            ? new Dictionary<string, object?> { ["errors"] = errors.Take(100).Select(e => new { path = e.Path, message = e.Message }).ToArray() }
            : null;
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }
}
