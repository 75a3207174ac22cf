using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Principals;
using PAI.Abstractions.Storage;
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
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;

    /// <summary>Maps <c>/api/keys</c>.</summary>
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(PaiPolicies.Admin);
        api.MapPost("/", CreateAsync);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id}", GetAsync);
        api.MapDelete("/{id}", RevokeAsync);
        api.MapPost("/{id}/rotate", RotateAsync);
        return app;
    }

    /// <summary>POST /api/keys: 201 with the secret; 422 naming the field for bad input.</summary>
    public static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateAsync(HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var body = await ApiBodies.ReadAsync(request);
        var json = JsonRequest.Parse(body.Span, out var errors);
        if (json is null)
        {
            return ApiProblems.Invalid("Malformed key request", errors);
        }

        json.RefuseUnknown("principal", "role", "scopes");
        var principal = json.String("principal", PrincipalNames.MaxLength, required: true);
        if (principal is not null && !PrincipalNames.IsValid(principal))
        {
            json.Errors.Add(new("principal", "a principal is 1-100 letters, digits, '.', '_', '-' or '@', starting with a letter or digit"));
        }

        var role = json.String("role", 20, required: true);
        if (role is not null && !PrincipalRoles.IsKnown(role))
        {
            json.Errors.Add(new("role", $"'{role}' is not a role ({string.Join(", ", PrincipalRoles.All)})"));
        }

        ApiKeyScopes? scopes = ApiKeyScopes.Unrestricted;
        if (json.Strings("scopes", ApiKeyScopes.MaxCount, ApiKeyScopes.MaxNameLength + 10) is { } list)
        {
            scopes = ApiKeyScopes.TryCreate(list, out var scopeError);
            if (scopes is null)
            {
                json.Errors.Add(new("scopes", scopeError!));
            }
        }

        if (json.Errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid key request", json.Errors);
        }

        var (record, key) = await CreateUniqueAsync(grains, user.PrincipalName(), (secret, hash) =>
            new ApiKeyRecord(ApiKeys.IdOf(hash), principal!, hash, role!, time.GetUtcNow(), scopes!.Format(), ApiKeys.PrefixOf(secret, generated: true)));
        return TypedResults.Created($"/api/keys/{record.KeyId}", Created(record, key, replaces: null));
    }

    /// <summary>GET /api/keys?limit=&amp;cursor=: oldest first, revoked keys included (with <c>revokedAt</c>).</summary>
    public static async Task<Results<Ok<ListPage<KeyView>>, ProblemHttpResult>> ListAsync(IApiKeyStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return ApiProblems.Invalid("Invalid limit", [new("limit", $"limit must be between 1 and {MaxLimit}")]);
        }

        ApiKeyPosition? after = null;
        if (cursor is not null && (after = DecodeCursor(cursor)) is null)
        {
            return ApiProblems.Invalid("Invalid cursor", [new("cursor", "not a cursor from a previous page")]);
        }

        var take = limit ?? DefaultLimit;
        var page = await store.ListAsync(after, take + 1, cancellationToken);
        var items = page.Take(take).Select(KeyView.From).ToList();
        var next = page.Count > take ? EncodeCursor(page[take - 1]) : null;
        return TypedResults.Ok(new ListPage<KeyView>(items, next));
    }

    /// <summary>GET /api/keys/{id}: one key, with its last-used time as its grain knows it.</summary>
    public static async Task<Results<Ok<KeyView>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains)
    {
        var record = IsKeyId(id) ? await grains.GetGrain<IApiKeyGrain>(id).GetAsync() : null;
        return record is null ? NotFound(id) : TypedResults.Ok(KeyView.From(record));
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
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Last admin key",
                detail: $"key '{id}' is the last active admin key; create another admin key before revoking it");
        }

        await grain!.RevokeAsync(user.PrincipalName());
        return TypedResults.NoContent();
    }

    /// <summary>POST /api/keys/{id}/rotate: a new secret with the same principal, role and scopes; the old key is revoked at once.</summary>
    public static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> RotateAsync(string id, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var grain = IsKeyId(id) ? grains.GetGrain<IApiKeyGrain>(id) : null;
        var old = grain is null ? null : await grain.GetAsync();
        if (old is null)
        {
            return NotFound(id);
        }

        if (!old.IsActive)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Key revoked", detail: $"key '{id}' is revoked; create a new key instead");
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
                    return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Key revoked", detail: $"key '{id}' was revoked meanwhile");
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
            var page = await store.ListAsync(after, MaxLimit, cancellationToken);
            count += page.Count(k => k.IsActive && k.Role == PrincipalRoles.Admin);
            if (page.Count < MaxLimit)
            {
                return count;
            }

            after = new ApiKeyPosition(page[^1].CreatedAt, page[^1].KeyId);
        }
    }

    private static CreatedKey Created(ApiKeyRecord record, string secret, string? replaces) => new(
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

    private static string EncodeCursor(ApiKeyRecord last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.CreatedAt.UtcTicks}|{last.KeyId}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static ApiKeyPosition? DecodeCursor(string cursor)
    {
        if (cursor.Length > 100)
        {
            return null;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar > 0 && long.TryParse(text[..bar], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                && ticks is >= 0 and <= 3155378975999999999 && IsKeyId(text[(bar + 1)..])
                ? new ApiKeyPosition(new DateTimeOffset(ticks, TimeSpan.Zero), text[(bar + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Key not found", detail: $"no key '{(id.Length <= 40 ? id : id[..40] + "…")}'");
}
