using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PAI.Abstractions.Memory;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
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
        api.MapPost("/", RememberAsync).Accepts<RememberRequest>(StrictJsonBody.MediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/search", SearchAsync).Accepts<MemorySearchRequest>(StrictJsonBody.MediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", ForgetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/", ForgetAllAsync);
        return app;
    }

    /// <summary>POST /api/memories: stores up to 1,000 memories in one transaction; answers their ids in order.
    /// With <c>Idempotency-Key</c>, a retried request stores nothing twice and answers the same ids.</summary>
    public static async Task<Results<Ok<RememberResponse>, ProblemHttpResult>> RememberAsync(
        HttpContext context,
        ClaimsPrincipal user,
        MemoryService memories,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is { Length: 0 or > 200 })
        {
            return ApiProblems.Malformed("Invalid Idempotency-Key", [new("Idempotency-Key", "the Idempotency-Key header must be 1-200 characters")]);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRememberBodyBytes;
        }

        var read = await StrictJsonBody.ReadAsync<RememberRequest>(context.Request, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Problem;
        }

        try
        {
            var ids = await memories.RememberAsync(user.PrincipalName(), MemoryRequestMapper.ToInputs(read.Value), idempotencyKey, cancellationToken);
            return TypedResults.Ok(new RememberResponse(ids));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex.Errors);
        }
    }

    /// <summary>POST /api/memories/search: the caller's memories best matching the query (hybrid by default).</summary>
    public static async Task<Results<Ok<MemorySearchResponse>, ProblemHttpResult>> SearchAsync(
        HttpContext context,
        ClaimsPrincipal user,
        MemoryService memories,
        CancellationToken cancellationToken)
    {
        var read = await StrictJsonBody.ReadAsync<MemorySearchRequest>(context.Request, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Problem;
        }

        var errors = new List<FieldError>();
        var query = MemoryRequestMapper.ToQuery(read.Value, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid search", errors);
        }

        try
        {
            var result = await memories.SearchAsync(user.PrincipalName(), query, cancellationToken);

            // Where the time went (the query's embedding, then the search itself), for clients and benchmarks.
            context.Response.Headers["Server-Timing"] = string.Create(
                CultureInfo.InvariantCulture,
                $"embed;dur={result.Embedding.TotalMilliseconds:F3}, search;dur={result.Search.TotalMilliseconds:F3}");
            return TypedResults.Ok(new MemorySearchResponse([.. result.Hits.Select(MemoryHitResponse.From)]));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex.Errors);
        }
    }

    /// <summary>GET /api/memories/{id}: one of the caller's memories.</summary>
    public static async Task<Results<Ok<MemoryResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IMemoryStore store, CancellationToken cancellationToken)
    {
        if (id.Length > MaxIdLength)
        {
            return NotFound(id[..MaxIdLength]);
        }

        var found = await store.GetAsync(user.PrincipalName(), [id], includeVectors: false, cancellationToken);
        return found.Count == 0 ? NotFound(id) : TypedResults.Ok(MemoryResponse.From(found[0].Record));
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
    public static async Task<Results<Ok<ForgetAllResponse>, ProblemHttpResult>> ForgetAllAsync(
        ClaimsPrincipal user,
        MemoryService memories,
        bool? all,
        string? principal,
        CancellationToken cancellationToken)
    {
        if (all != true)
        {
            return ApiProblems.Malformed("Confirmation required", [new("all", "DELETE /api/memories forgets every memory; say so with ?all=true")]);
        }

        if (principal is not null && principal != user.PrincipalName() && !user.IsAdmin())
        {
            return ApiProblems.Forbidden("only admins forget another principal's memories");
        }

        if (principal is { Length: 0 or > MemoryScope.MaxFieldLength })
        {
            return ApiProblems.Invalid("Invalid principal", "principal", $"must be 1-{MemoryScope.MaxFieldLength} characters");
        }

        return TypedResults.Ok(new ForgetAllResponse(await memories.ForgetAllAsync(principal ?? user.PrincipalName(), cancellationToken)));
    }

    private static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound("Memory not found", $"no memory '{id}'");

    private static ProblemHttpResult Invalid(IReadOnlyList<MemoryError> errors) => ApiProblems.Invalid("Invalid request", MemoryRequestMapper.ToFieldErrors(errors));
}
