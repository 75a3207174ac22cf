using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Principals;
using PAI.Abstractions.Storage;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;
using PAI.Host.Auth;
using PAI.Principals.Keys;

namespace PAI.Host.Apis;

/// <summary>
/// <c>/api/keys</c> (admin keys only): create a key for a principal with a role and optional scopes (the secret is in
/// the answer, once), list and read keys (never secrets), revoke, rotate. Every change goes through the key's grain,
/// which writes the audit entry.
/// </summary>
public static class KeysApi
{
    /// <summary>The list name in key-list cursors.</summary>
    public const string CursorList = "keys";

    private const int ScanPage = 500;

    /// <summary>Maps <c>/api/keys</c>.</summary>
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(PaiPolicies.Admin);
        api.MapPost("/", CreateAsync)
            .Accepts<KeyRequest>(StrictJsonBody.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", RevokeAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id}/rotate", RotateAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>POST /api/keys: 201 with the secret; 422 naming the field for bad input.</summary>
    public static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> CreateAsync(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var read = await StrictJsonBody.ReadAsync<KeyRequest>(request, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Problem;
        }

        var body = read.Value;
        var errors = new List<FieldError>();
        if (!PrincipalNames.IsValid(body.Principal))
        {
            errors.Add(new("principal", "a principal is 1-100 letters, digits, '.', '_', '-' or '@', starting with a letter or digit"));
        }

        if (!PrincipalRoles.IsKnown(body.Role))
        {
            errors.Add(new("role", $"'{Shorten(body.Role)}' is not a role ({string.Join(", ", PrincipalRoles.All)})"));
        }

        var scopes = ApiKeyScopes.Unrestricted;
        if (body.Scopes is { } list)
        {
            scopes = ApiKeyScopes.TryCreate(list, out var scopeError)!;
            if (scopeError is not null)
            {
                errors.Add(new("scopes", scopeError));
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid key request", errors);
        }

        var (record, key) = await CreateUniqueAsync(grains, user.PrincipalName(), (secret, hash) =>
            new ApiKeyRecord(ApiKeys.IdOf(hash), body.Principal, hash, body.Role, time.GetUtcNow(), scopes.Format(), ApiKeys.PrefixOf(secret, generated: true)));
        return TypedResults.Created($"/api/keys/{record.KeyId}", Created(record, key, replaces: null));
    }

    /// <summary>GET /api/keys?limit=&amp;cursor=: oldest first, revoked keys included (with <c>revokedAt</c>).</summary>
    public static async Task<Results<Ok<Page<KeyResponse>>, ProblemHttpResult>> ListAsync(
        IApiKeyStore store,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var page = PageQuery.Parse(limit, cursor, CursorList, 2, errors);
        ApiKeyPosition? after = null;
        if (page.After is [var ticks, var lastId])
        {
            if (long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTimeOffset.MaxValue.UtcTicks && IsKeyId(lastId))
            {
                after = new ApiKeyPosition(new DateTimeOffset(t, TimeSpan.Zero), lastId);
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

        var keys = await store.ListAsync(after, page.Limit + 1, cancellationToken);
        string? next = null;
        if (keys.Count > page.Limit)
        {
            var last = keys[page.Limit - 1];
            next = PageCursor.Encode(CursorList, last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), last.KeyId);
        }

        return TypedResults.Ok(new Page<KeyResponse>(keys.Take(page.Limit).Select(KeyResponse.From).ToList(), next));
    }

    /// <summary>GET /api/keys/{id}: one key, with its last-used time as its grain knows it.</summary>
    public static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        var record = IsKeyId(id) ? await grains.GetGrain<IApiKeyGrain>(id).GetAsync() : null;
        return record is null ? NotFound(id) : TypedResults.Ok(KeyResponse.From(record));
    }

    /// <summary>DELETE /api/keys/{id}: 204 once revoked (also when it already was); 409 for the last active admin key.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, ClaimsPrincipal user, IGrainFactory grains, IApiKeyStore store, CancellationToken cancellationToken)
    {
        var grain = IsKeyId(id) ? grains.GetGrain<IApiKeyGrain>(id) : null;
        var record = grain is null ? null : await grain.GetAsync();
        if (record is null)
        {
            return NotFound(id);
        }

        if (record.IsActive && record.Role == PrincipalRoles.Admin && await CountActiveAdminsAsync(store, cancellationToken) <= 1)
        {
            return ApiProblems.Conflict("Last admin key", $"key '{id}' is the last active admin key; create another admin key before revoking it");
        }

        await grain!.RevokeAsync(user.PrincipalName());
        return TypedResults.NoContent();
    }

    /// <summary>POST /api/keys/{id}/rotate: a new secret with the same principal, role and scopes; the old key is revoked at once.</summary>
    public static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> RotateAsync(string id, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var grain = IsKeyId(id) ? grains.GetGrain<IApiKeyGrain>(id) : null;
        var old = grain is null ? null : await grain.GetAsync();
        if (old is null)
        {
            return NotFound(id);
        }

        if (!old.IsActive)
        {
            return ApiProblems.Conflict("Key revoked", $"key '{id}' is revoked; create a new key instead");
        }

        while (true)
        {
            var secret = ApiKeys.Generate();
            var hash = ApiKeys.Hash(secret);
            var replacement = old with
            {
                KeyId = ApiKeys.IdOf(hash),
                SecretHash = hash,
                CreatedAt = time.GetUtcNow(),
                Prefix = ApiKeys.PrefixOf(secret, generated: true),
                RevokedAt = null,
                LastUsedAt = null,
            };
            try
            {
                if (!await grain!.RotateAsync(replacement, user.PrincipalName()))
                {
                    return ApiProblems.Conflict("Key revoked", $"key '{id}' was revoked meanwhile");
                }
            }
            catch (InvalidOperationException)
            {
                // The new id was taken (64 random bits colliding): draw another secret.
                continue;
            }

            return TypedResults.Created($"/api/keys/{replacement.KeyId}", Created(replacement, secret, replaces: id));
        }
    }

    private static async Task<(ApiKeyRecord Record, string Secret)> CreateUniqueAsync(IGrainFactory grains, string actor, Func<string, string, ApiKeyRecord> make)
    {
        while (true)
        {
            var secret = ApiKeys.Generate();
            var record = make(secret, ApiKeys.Hash(secret));
            if (await grains.GetGrain<IApiKeyGrain>(record.KeyId).CreateAsync(record, actor))
            {
                return (record, secret);
            }
        }
    }

    private static async Task<int> CountActiveAdminsAsync(IApiKeyStore store, CancellationToken cancellationToken)
    {
        var count = 0;
        ApiKeyPosition? after = null;
        while (true)
        {
            var page = await store.ListAsync(after, ScanPage, cancellationToken);
            count += page.Count(k => k.IsActive && k.Role == PrincipalRoles.Admin);
            if (page.Count < ScanPage)
            {
                return count;
            }

            after = new ApiKeyPosition(page[^1].CreatedAt, page[^1].KeyId);
        }
    }

    private static CreatedKeyResponse Created(ApiKeyRecord record, string secret, string? replaces) => new(
        record.KeyId,
        secret,
        record.Principal,
        record.Role,
        record.Scopes is null ? null : ApiKeyScopes.Parse(record.Scopes).ToList(),
        record.Prefix,
        record.CreatedAt,
        replaces);

    /// <summary>Key ids are 16 lowercase hex digits; anything else is not looked up.</summary>
    private static bool IsKeyId(string id) => id.Length == 16 && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound("Key not found", $"no key '{Shorten(id)}'");
}
