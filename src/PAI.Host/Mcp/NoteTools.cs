using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PAI.Host.Apis;
using PAI.Memory.Notes;

namespace PAI.Host.Mcp;

/// <summary>
/// MCP tools over <c>/api/notes</c>: <c>list_notes</c> (GET /api/notes), <c>write_note</c> (PUT), <c>read_note</c> (GET),
/// <c>delete_note</c> (DELETE) and <c>search_notes</c> (GET /api/notes/search). Each calls the endpoint's handler, so the path rules (relative, ending
/// in <c>.md</c>, never leaving the principal's folder), the size limit and the answers are the HTTP contract's, and a
/// principal sees only its own notes.
/// </summary>
[McpServerToolType]
public sealed class NoteTools(NotesService notes, IOptions<NotesOptions> notesOptions, IOptions<JsonOptions> json)
{
    /// <summary>write_note: PUT /api/notes/{path}; needs a role that may write.</summary>
    [McpServerTool(Name = "write_note", Title = "Write a note", Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Writes a markdown note (Obsidian-compatible: front matter, [[wikilinks]], #tags) at path in this key's principal's notes, "
        + "replacing one already there, and indexes it into memory and the graph before answering { path, title, chunks, links, tags, changed }, as PUT /api/notes/{path}.")]
    public async Task<CallToolResult> WriteNoteAsync(
        ClaimsPrincipal user,
        [Description("The note's path, relative, may contain folders, ends in .md (e.g. projects/kiln.md).")] string path,
        [Description("The note's markdown (UTF-8; at most the host's note size, 1 MiB by default).")] string markdown,
        CancellationToken cancellationToken = default)
    {
        if (!McpAccess.CanWrite(user))
        {
            return McpAccess.ReadOnly(user);
        }

        var http = new DefaultHttpContext { User = user };
        http.Request.Method = HttpMethods.Put;
        http.Request.ContentType = NotesApi.MarkdownMediaType + "; charset=utf-8";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(markdown));
        return McpToolResults.From((await NotesApi.PutAsync(path, http, user, notes, notesOptions, cancellationToken)).Result, json.Value.SerializerOptions);
    }

    /// <summary>read_note: GET /api/notes/{path}.</summary>
    [McpServerTool(Name = "read_note", Title = "Read a note", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("A note of this key's principal: { path, markdown }, the markdown as GET /api/notes/{path} answers it. A note that does not exist is a 404 error.")]
    public async Task<CallToolResult> ReadNoteAsync(
        ClaimsPrincipal user,
        [Description("The note's path (e.g. projects/kiln.md).")] string path,
        CancellationToken cancellationToken = default)
    {
        var result = (await NotesApi.GetAsync(path, user, notes, cancellationToken)).Result;
        return result is ContentHttpResult { ResponseContent: { } markdown }
            ? McpToolResults.Success(new NoteContent(path, markdown), json.Value.SerializerOptions)
            : McpToolResults.From(result, json.Value.SerializerOptions);
    }

    /// <summary>delete_note: DELETE /api/notes/{path}; needs a role that may write.</summary>
    [McpServerTool(Name = "delete_note", Title = "Delete a note", Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Deletes a note of this key's principal and what was derived from it (its memories and graph edges), as DELETE /api/notes/{path}. A note that does not exist is a 404 error.")]
    public async Task<CallToolResult> DeleteNoteAsync(
        ClaimsPrincipal user,
        [Description("The note's path (e.g. projects/kiln.md).")] string path,
        CancellationToken cancellationToken = default)
    {
        if (!McpAccess.CanWrite(user))
        {
            return McpAccess.ReadOnly(user);
        }

        var result = (await NotesApi.DeleteAsync(path, user, notes, cancellationToken)).Result;
        return result is NoContent ? McpToolResults.Success(new NoteDeleted(path, true), json.Value.SerializerOptions) : McpToolResults.From(result, json.Value.SerializerOptions);
    }

    /// <summary>list_notes: GET /api/notes.</summary>
    [McpServerTool(Name = "list_notes", Title = "List notes", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("This key's principal's notes in path order, one page at a time: { items: [ { path, title, tags, size, updatedAt } ], nextCursor }, as GET /api/notes. "
        + "Read one with read_note or the resource pai://notes/{path}.")]
    public async Task<CallToolResult> ListNotesAsync(
        ClaimsPrincipal user,
        [Description("Only notes whose path starts with this (e.g. a folder, projects/).")] string? prefix = null,
        [Description("Items per page, 1-500 (default 50).")] int? limit = null,
        [Description("The nextCursor of the previous page.")] string? cursor = null,
        CancellationToken cancellationToken = default)
    {
        var page = await NotesApi.ListAsync(user, notes, prefix, limit?.ToString(CultureInfo.InvariantCulture), cursor, cancellationToken);
        return McpToolResults.From(page.Result, json.Value.SerializerOptions);
    }

    /// <summary>search_notes: GET /api/notes/search.</summary>
    [McpServerTool(Name = "search_notes", Title = "Search notes", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("This key's principal's notes best matching query, one item per note, best first: { items: [ { path, title, score, text } ] }, as GET /api/notes/search.")]
    public async Task<CallToolResult> SearchNotesAsync(
        ClaimsPrincipal user,
        [Description("What to look for.")] string query,
        [Description("How many notes, 1-25 (default 5).")] int? k = null,
        CancellationToken cancellationToken = default)
    {
        var page = await NotesApi.SearchAsync(user, notes, query, k?.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return McpToolResults.From(page.Result, json.Value.SerializerOptions);
    }

    /// <summary>What <c>read_note</c> answers.</summary>
    /// <param name="Path">The note's path.</param>
    /// <param name="Markdown">Its markdown.</param>
    public sealed record NoteContent(string Path, string Markdown);

    /// <summary>What <c>delete_note</c> answers.</summary>
    /// <param name="Path">The note's path.</param>
    /// <param name="Deleted">True: it is gone.</param>
    public sealed record NoteDeleted(string Path, bool Deleted);
}
