using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Host.Apis.Paging;
using PAI.Host.Auth;
using PAI.Memory;
using PAI.Memory.Memories;
using PAI.Memory.Notes;

namespace PAI.Host.Apis;

/// <summary>
/// <c>/api/notes</c>: the caller's markdown notes (an Obsidian-compatible folder per principal under the data folder):
/// read, write (<c>text/markdown</c>, indexed at once), delete, search. Paths are relative, may contain folders and
/// end in <c>.md</c>; one that would leave the caller's folder is refused. Also <c>DELETE /api/knowledge?all=true</c>:
/// forget everything of a principal.
/// </summary>
public static class NotesApi
{
    /// <summary>The media type of a note's body.</summary>
    public const string MarkdownMediaType = "text/markdown";

    private const string ListCursor = "notes";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Maps the notes endpoints and the forget-everything endpoint.</summary>
    public static IEndpointRouteBuilder MapNotesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notes").WithTags("Notes");
        api.MapGet("", ListAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/search", SearchAsync).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{**path}", GetAsync).Produces<string>(StatusCodes.Status200OK, MarkdownMediaType).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/{**path}", PutAsync).Accepts<string>(MarkdownMediaType).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapDelete("/{**path}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapDelete("/api/knowledge", ForgetEverythingAsync).WithTags("Notes").ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>GET /api/notes?prefix=: the caller's notes (path, title, tags, size, updatedAt), in path order, paged.</summary>
    public static async Task<Results<Ok<Page<NoteSummaryResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user,
        NotesService notes,
        [Description("Only notes whose path starts with this (e.g. a folder, 'projects/'); at most 400 characters.")] string? prefix,
        [Description("Items per page, 1-500 (default 50).")] string? limit,
        [Description("The nextCursor of the previous page.")] string? cursor,
        CancellationToken cancellationToken)
    {
        if (!notes.Enabled)
        {
            return Off();
        }

        var errors = new List<FieldError>();
        var page = PageQuery.Parse(limit, cursor, ListCursor, 1, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid query", errors);
        }

        try
        {
            var listed = await notes.ListAsync(user.PrincipalName(), prefix, page.After?[0], page.Limit, cancellationToken);
            return TypedResults.Ok(new Page<NoteSummaryResponse>([.. listed.Items.Select(NoteSummaryResponse.From)], listed.Next is { } last ? PageCursor.Encode(ListCursor, last) : null));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex);
        }
    }

    /// <summary>GET /api/notes/{path}: the note's markdown.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(string path, ClaimsPrincipal user, NotesService notes, CancellationToken cancellationToken)
    {
        if (!notes.Enabled)
        {
            return Off();
        }

        try
        {
            var markdown = await notes.ReadAsync(user.PrincipalName(), path, cancellationToken);
            return markdown is null ? NotFound(path) : TypedResults.Content(markdown, MarkdownMediaType + "; charset=utf-8");
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex);
        }
    }

    /// <summary>PUT /api/notes/{path}: writes the note (the body, <c>text/markdown</c> in UTF-8) and indexes it before answering.</summary>
    public static async Task<Results<Ok<NoteResponse>, ProblemHttpResult>> PutAsync(string path, HttpContext context, ClaimsPrincipal user, NotesService notes, IOptions<NotesOptions> options, CancellationToken cancellationToken)
    {
        if (!notes.Enabled)
        {
            return Off();
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) || !type.MediaType.Equals(MarkdownMediaType, StringComparison.OrdinalIgnoreCase)
            || (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", $"the body must be {MarkdownMediaType} (UTF-8)");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.Value.MaxNoteBytes;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        string markdown;
        try
        {
            markdown = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return ApiProblems.Malformed("Malformed note", [new FieldError(JsonFieldPath.Root, "the body is not valid UTF-8")]);
        }

        try
        {
            return TypedResults.Ok(NoteResponse.From(await notes.WriteAsync(user.PrincipalName(), path, markdown, cancellationToken)));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex);
        }
    }

    /// <summary>DELETE /api/notes/{path}: deletes the note and what was derived from it (memories, graph edges).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string path, ClaimsPrincipal user, NotesService notes, CancellationToken cancellationToken)
    {
        if (!notes.Enabled)
        {
            return Off();
        }

        try
        {
            return await notes.DeleteAsync(user.PrincipalName(), path, cancellationToken) ? TypedResults.NoContent() : NotFound(path);
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex);
        }
    }

    /// <summary>GET /api/notes/search?q=: the caller's notes best matching <c>q</c>, one item per note.</summary>
    public static async Task<Results<Ok<Page<NoteHitResponse>>, ProblemHttpResult>> SearchAsync(
        ClaimsPrincipal user,
        NotesService notes,
        [Description("What to look for.")] string? q,
        [Description("How many notes, 1-25 (default 5).")] string? k,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(q))
        {
            errors.Add(new("q", "a non-empty query is required"));
        }

        var count = 5;
        if (k is not null && (!int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 25))
        {
            errors.Add(new("k", "must be an integer from 1 to 25"));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid("Invalid query", errors);
        }

        try
        {
            var hits = await notes.SearchAsync(user.PrincipalName(), q!, count, cancellationToken);
            return TypedResults.Ok(new Page<NoteHitResponse>([.. hits.Select(NoteHitResponse.From)], null));
        }
        catch (MemoryValidationException ex)
        {
            return Invalid(ex);
        }
    }

    /// <summary>DELETE /api/knowledge?all=true: forgets everything of the caller (admins: of <c>principal</c>): notes, memories, episodes, entities and facts.</summary>
    public static async Task<Results<Ok<ForgetAllResponse>, ProblemHttpResult>> ForgetEverythingAsync(
        ClaimsPrincipal user,
        KnowledgeForgetting forgetting,
        bool? all,
        string? principal,
        CancellationToken cancellationToken)
    {
        if (all != true)
        {
            return ApiProblems.Malformed("Confirmation required", [new("all", "DELETE /api/knowledge forgets everything; say so with ?all=true")]);
        }

        if (principal is not null && principal != user.PrincipalName() && !user.IsAdmin())
        {
            return ApiProblems.Forbidden("only admins forget another principal's knowledge");
        }

        if (principal is { Length: 0 or > 200 })
        {
            return ApiProblems.Invalid("Invalid principal", "principal", "must be 1-200 characters");
        }

        return TypedResults.Ok(new ForgetAllResponse(await forgetting.ForgetPrincipalAsync(principal ?? user.PrincipalName(), cancellationToken)));
    }

    private static ProblemHttpResult Off() => ApiProblems.NotFound("Notes are off", "no notes folder is configured");

    private static ProblemHttpResult NotFound(string path) => ApiProblems.NotFound("Note not found", $"no note '{(path.Length > 100 ? path[..100] : path)}'");

    private static ProblemHttpResult Invalid(MemoryValidationException ex) => ApiProblems.Invalid("Invalid request", MemoryRequestMapper.ToFieldErrors(ex.Errors));
}
