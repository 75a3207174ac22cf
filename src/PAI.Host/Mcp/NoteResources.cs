using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PAI.Host.Apis;
using PAI.Memory.Notes;

namespace PAI.Host.Mcp;

/// <summary>MCP resources: the caller's notes as markdown, <c>pai://notes/{path}</c> (the path may contain folders), read through GET /api/notes/{path}'s handler.</summary>
[McpServerResourceType]
public sealed class NoteResources(NotesService notes)
{
    /// <summary>The URI prefix of a note.</summary>
    public const string UriPrefix = "pai://notes/";

    /// <summary>pai://notes/{path}.</summary>
    [McpServerResource(UriTemplate = UriPrefix + "{+path}", Name = "note", Title = "A note", MimeType = NotesApi.MarkdownMediaType)]
    [Description("One of the caller's markdown notes (e.g. pai://notes/projects/kiln.md), as GET /api/notes/{path} answers it.")]
    public async Task<TextResourceContents> NoteAsync(ClaimsPrincipal user, string path, CancellationToken cancellationToken)
    {
        var result = (await NotesApi.GetAsync(path, user, notes, cancellationToken)).Result;
        return result switch
        {
            ContentHttpResult { ResponseContent: { } markdown } => new TextResourceContents { Uri = UriPrefix + path, MimeType = NotesApi.MarkdownMediaType, Text = markdown },
            ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } => throw new McpProtocolException($"no resource {UriPrefix}{Shorten(path)}", McpErrorCode.ResourceNotFound),
            ProblemHttpResult problem => throw new McpProtocolException($"{problem.ProblemDetails.Title}: {problem.ProblemDetails.Detail}", McpErrorCode.InvalidParams),
            _ => throw new McpException($"unexpected answer {result.GetType().Name}"),
        };
    }

    private static string Shorten(string text) => text.Length > 100 ? string.Concat(text.AsSpan(0, 100), "…") : text;
}
