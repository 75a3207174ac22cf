using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PAI.Host.Apis;
using PAI.Host.Apis.Json;

namespace PAI.Host.Mcp;

/// <summary>
/// An MCP tool whose arguments are the JSON body of an HTTP endpoint (its input schema is that body's, from the same
/// request type), plus an optional <c>idempotencyKey</c> (the Idempotency-Key header). The arguments go through the
/// same strict reader and handler as an HTTP body, so unknown fields and invalid values are answered as over HTTP.
/// With an envelope, the arguments are one item of the body's list (e.g. one fact of <c>{ "facts": [...] }</c>), and
/// the errors name the arguments, not the list.
/// </summary>
public sealed class HttpBodyTool : McpServerTool
{
    /// <summary>The argument that carries the Idempotency-Key header.</summary>
    public const string IdempotencyKey = "idempotencyKey";

    private readonly bool _writes;
    private readonly bool _takesIdempotencyKey;
    private readonly Handler _handler;
    private readonly string? _envelope;

    /// <summary>Creates the tool.</summary>
    /// <param name="tool">Name, title, description and annotations (the input schema is set here).</param>
    /// <param name="body">The HTTP body's type, for the input schema.</param>
    /// <param name="writes">True when, as over HTTP (a POST), the key's role must be one that may write.</param>
    /// <param name="takesIdempotencyKey">True when the endpoint honours an Idempotency-Key header.</param>
    /// <param name="handler">Calls the HTTP handler with the body in <c>context.Request</c>.</param>
    /// <param name="envelope">When set, the body is <c>{ envelope: [arguments] }</c> and <paramref name="body"/> is the item's type.</param>
    public HttpBodyTool(Tool tool, Type body, bool writes, bool takesIdempotencyKey, Handler handler, string? envelope = null)
    {
        ArgumentNullException.ThrowIfNull(tool);
        _writes = writes;
        _takesIdempotencyKey = takesIdempotencyKey;
        _handler = handler;
        _envelope = envelope;
        tool.InputSchema = BuildSchema(body, takesIdempotencyKey);
        ProtocolTool = tool;
    }

    /// <summary>Calls an HTTP handler: the request (body set), the caller, the request's services, the idempotency key.</summary>
    public delegate Task<IResult> Handler(HttpContext context, ClaimsPrincipal user, IServiceProvider services, string? idempotencyKey, CancellationToken cancellationToken);

    /// <inheritdoc />
    public override Tool ProtocolTool { get; }

    /// <inheritdoc />
    public override IReadOnlyList<object> Metadata { get; } = [];

    /// <inheritdoc />
    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var services = request.Services ?? throw new InvalidOperationException("the MCP request has no services");
        var user = request.User ?? throw new InvalidOperationException("the MCP request has no user");
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (_writes && !McpAccess.CanWrite(user))
        {
            return McpAccess.ReadOnly(user);
        }

        var arguments = request.Params?.Arguments ?? new Dictionary<string, JsonElement>();
        string? key = null;
        if (_takesIdempotencyKey && arguments.TryGetValue(IdempotencyKey, out var keyValue))
        {
            if (keyValue.ValueKind != JsonValueKind.String || keyValue.GetString() is not { Length: > 0 and <= 200 } text)
            {
                return McpToolResults.From(ApiProblems.Invalid("Invalid arguments", [new FieldError(IdempotencyKey, "must be a string of 1-200 characters")]), json);
            }

            key = text;
        }

        var fields = arguments.Where(a => !(_takesIdempotencyKey && a.Key == IdempotencyKey)).ToDictionary();
        var body = _envelope is null
            ? JsonSerializer.SerializeToUtf8Bytes(fields)
            : JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { [_envelope] = new[] { fields } });
        var http = new DefaultHttpContext { RequestServices = services, User = user };
        http.Request.Method = HttpMethods.Post;
        http.Request.ContentType = StrictJsonBody.MediaType;
        http.Request.Body = new MemoryStream(body);
        var answer = await _handler(http, user, services, key, cancellationToken);
        return McpToolResults.From(_envelope is not null && answer is ProblemHttpResult problem ? Unwrap(problem, _envelope) : answer, json);
    }

    /// <summary>The problem with its error paths relative to the one item (<c>facts[0].subject</c> → <c>subject</c>).</summary>
    private static IResult Unwrap(ProblemHttpResult problem, string envelope)
    {
        var details = problem.ProblemDetails;
        if (!details.Extensions.TryGetValue("errors", out var value) || value is not IReadOnlyCollection<FieldError> errors)
        {
            return problem;
        }

        var item = envelope + "[0]";
        var unwrapped = errors.Select(e => e.Path == item ? e with { Path = JsonFieldPath.Root }
            : e.Path.StartsWith(item + ".", StringComparison.Ordinal) ? e with { Path = e.Path[(item.Length + 1)..] }
            : e.Path.StartsWith(item, StringComparison.Ordinal) ? e with { Path = JsonFieldPath.Root + e.Path[item.Length..] }
            : e).ToList();
        return ApiProblems.Problem(details.Status ?? StatusCodes.Status422UnprocessableEntity, details.Title ?? "Invalid request", ApiProblems.Summarize(unwrapped), unwrapped);
    }

    private static JsonElement BuildSchema(Type body, bool takesIdempotencyKey)
    {
        var schema = JsonSerializer.SerializeToNode(AIJsonUtilities.CreateJsonSchema(body, serializerOptions: StrictJsonBody.Options))!.AsObject();
        if (takesIdempotencyKey)
        {
            var properties = schema["properties"] as JsonObject ?? [];
            schema["properties"] = properties;
            properties[IdempotencyKey] = new JsonObject
            {
                ["type"] = "string",
                ["minLength"] = 1,
                ["maxLength"] = 200,
                ["description"] = "As the Idempotency-Key header: a retried call with the same key and arguments has its effect once and gets the same answer.",
            };
        }

        return JsonSerializer.SerializeToElement(schema);
    }
}
