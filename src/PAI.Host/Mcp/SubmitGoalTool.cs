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
using PAI.Host.Apis.Models;
using PAI.Principals.Quotas;

namespace PAI.Host.Mcp;

/// <summary>
/// <c>submit_goal</c>: the body of <c>POST /api/goals</c> as the tool's arguments (its input schema is that body's, from
/// the same request type), plus <c>idempotencyKey</c> (the Idempotency-Key header), and <c>wait</c> to follow the goal
/// with progress notifications until it finishes. The arguments go through the same strict reader and handler as an
/// HTTP body, so unknown fields, bad plans and idempotency conflicts are answered exactly as over HTTP.
/// </summary>
public sealed class SubmitGoalTool : McpServerTool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "submit_goal";

    private const string IdempotencyKey = "idempotencyKey";
    private const string Wait = "wait";
    private const string TimeoutSeconds = "timeoutSeconds";

    /// <inheritdoc />
    public override Tool ProtocolTool { get; } = new()
    {
        Name = Name,
        Title = "Submit a goal",
        Description = "Submits a goal: an explicit plan (a DAG of tool and skill steps), a named skill with inputs, or free-form "
            + "text (title and description; needs a model planner). Answers { id, status } at once, or with wait=true follows "
            + "the goal with progress notifications and answers it as get_goal does once it finishes.",
        InputSchema = BuildSchema(),
        Annotations = new ToolAnnotations { ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = false, OpenWorldHint = true },
    };

    /// <inheritdoc />
    public override IReadOnlyList<object> Metadata { get; } = [];

    /// <inheritdoc />
    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var services = request.Services ?? throw new InvalidOperationException("the MCP request has no services");
        var user = request.User ?? throw new InvalidOperationException("the MCP request has no user");
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (!McpAccess.CanWrite(user))
        {
            return McpAccess.ReadOnly(user);
        }

        var arguments = request.Params?.Arguments ?? new Dictionary<string, JsonElement>();
        var errors = new List<FieldError>();
        var key = Optional(arguments, IdempotencyKey, JsonValueKind.String, "must be a string", errors)?.GetString();
        var wait = Optional(arguments, Wait, JsonValueKind.True, "must be true or false", errors)?.GetBoolean() ?? false;
        var seconds = Optional(arguments, TimeoutSeconds, JsonValueKind.Number, "must be a number of seconds", errors) is { } s
            ? (s.TryGetInt32(out var n) && n >= 1 && n <= GoalWaiter.MaxLimit.TotalSeconds ? n : Invalid(errors))
            : (int?)null;
        if (errors.Count > 0)
        {
            return McpToolResults.From(ApiProblems.Invalid("Invalid arguments", errors), json);
        }

        // The goal itself is every other argument: the HTTP body, read by the HTTP handler.
        var body = JsonSerializer.SerializeToUtf8Bytes(arguments.Where(a => a.Key is not (IdempotencyKey or Wait or TimeoutSeconds)).ToDictionary());
        var http = new DefaultHttpContext { RequestServices = services, User = user };
        http.Request.Method = HttpMethods.Post;
        http.Request.ContentType = StrictJsonBody.MediaType;
        http.Request.Body = new MemoryStream(body);
        var grains = services.GetRequiredService<IGrainFactory>();
        var quotas = services.GetRequiredService<PrincipalQuotas>();
        var answer = (await GoalsApi.SubmitAsync(http.Request, user, grains, quotas, key, cancellationToken)).Result;
        if (!wait || answer is not Accepted<SubmittedGoal> { Value: { } submitted })
        {
            return McpToolResults.From(answer, json);
        }

        var limit = seconds is { } limitSeconds ? TimeSpan.FromSeconds(limitSeconds) : GoalWaiter.DefaultLimit;
        return await services.GetRequiredService<GoalWaiter>().WaitAsync(submitted.Id, user, limit, McpProgress.For(request, cancellationToken), cancellationToken);
    }

    private static JsonElement? Optional(IDictionary<string, JsonElement> arguments, string name, JsonValueKind kind, string message, List<FieldError> errors)
    {
        if (!arguments.TryGetValue(name, out var value))
        {
            return null;
        }

        var fits = kind == JsonValueKind.True ? value.ValueKind is JsonValueKind.True or JsonValueKind.False : value.ValueKind == kind;
        if (!fits || (kind == JsonValueKind.String && value.GetString() is not { Length: > 0 and <= 200 }))
        {
            errors.Add(new(name, kind == JsonValueKind.String ? "must be a string of 1-200 characters" : message));
            return null;
        }

        return value;
    }

    private static int? Invalid(List<FieldError> errors)
    {
        errors.Add(new(TimeoutSeconds, $"must be a whole number from 1 to {GoalWaiter.MaxLimit.TotalSeconds}"));
        return null;
    }

    private static JsonElement BuildSchema()
    {
        var schema = JsonSerializer.SerializeToNode(AIJsonUtilities.CreateJsonSchema(typeof(GoalRequest), serializerOptions: StrictJsonBody.Options))!.AsObject();
        var properties = schema["properties"]!.AsObject();
        properties[IdempotencyKey] = new JsonObject
        {
            ["type"] = "string",
            ["minLength"] = 1,
            ["maxLength"] = 200,
            ["description"] = "As the Idempotency-Key header: the same key and goal give the same goal (a retry is safe); the same key with another goal is a 409 error.",
        };
        properties[Wait] = new JsonObject
        {
            ["type"] = "boolean",
            ["description"] = "True: follow the goal (progress notifications) and answer it once it finishes, as get_goal does.",
        };
        properties[TimeoutSeconds] = new JsonObject
        {
            ["type"] = "integer",
            ["minimum"] = 1,
            ["maximum"] = (int)GoalWaiter.MaxLimit.TotalSeconds,
            ["description"] = "With wait: how long to follow the goal, in seconds (default 300); the goal is answered as it is then.",
        };
        return JsonSerializer.SerializeToElement(schema);
    }
}
