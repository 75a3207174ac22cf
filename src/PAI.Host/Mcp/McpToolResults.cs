using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ModelContextProtocol.Protocol;
using PAI.Host.Apis;

namespace PAI.Host.Mcp;

/// <summary>
/// Turns what an HTTP handler answered into an MCP tool result: the same JSON as the HTTP body, as structured content
/// and as text (for clients that read only text); a problem (4xx) becomes a tool error carrying the problem details,
/// so an MCP client reads the same <c>status</c>, <c>title</c>, <c>detail</c> and <c>errors</c> an HTTP client does.
/// </summary>
public static class McpToolResults
{
    /// <summary>The result for a handler's answer.</summary>
    public static CallToolResult From(IResult result, JsonSerializerOptions json) => result switch
    {
        ProblemHttpResult problem => Problem(problem.ProblemDetails, json),
        IValueHttpResult { Value: { } value } => Success(value, json),
        IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } => Success(new JsonObject(), json),
        _ => Failure(500, "Unexpected answer", $"the handler answered {result.GetType().Name}"),
    };

    /// <summary>A success whose structured content is <paramref name="value"/> serialized as HTTP would.</summary>
    public static CallToolResult Success(object value, JsonSerializerOptions json)
    {
        var node = JsonSerializer.SerializeToNode(value, value.GetType(), json) ?? new JsonObject();
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = node.ToJsonString(json) }],
            StructuredContent = ToElement(node),
        };
    }

    /// <summary>A tool error with problem details (the same shape as an HTTP error body).</summary>
    public static CallToolResult Problem(ProblemDetails problem, JsonSerializerOptions json)
    {
        var node = JsonSerializer.SerializeToNode(problem, json) as JsonObject ?? [];
        var summary = $"{problem.Status} {problem.Title}: {problem.Detail}";
        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = summary }],
            StructuredContent = ToElement(node),
        };
    }

    /// <summary>A tool error built here (not by a handler), in the problem-details shape.</summary>
    public static CallToolResult Failure(int status, string title, string detail) =>
        Problem(new ProblemDetails { Status = status, Title = title, Detail = detail }, JsonSerializerOptions.Web);

    /// <summary>403: the key's role may not do this.</summary>
    public static CallToolResult Forbidden(string detail) => Failure(StatusCodes.Status403Forbidden, "Forbidden", detail);

    private static JsonElement ToElement(JsonNode node) => JsonSerializer.SerializeToElement(node);

    /// <summary>The handlers' HTTP status, for the audit log.</summary>
    internal static string Outcome(CallToolResult result) => result.IsError is true ? "failed" : "ok";

    /// <summary>An <see cref="ApiProblems"/> problem as a tool error.</summary>
    internal static CallToolResult From(ProblemHttpResult problem, JsonSerializerOptions json) => Problem(problem.ProblemDetails, json);
}
