using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PAI.Memory.Graph;

/// <summary>
/// Extracts a summary and facts from notes and goal episodes with a language model, in structured output (a JSON
/// schema the server enforces; the answer is still validated fact by fact, and facts that break a rule are dropped).
/// The model is the <see cref="IChatClient"/> registered under <see cref="ChatClientKey"/> (the model gateway's
/// summariser role, when models are configured); with none registered, extraction is off and
/// <see cref="ExtractAsync"/> answers null, so everything else works without a model.
/// </summary>
public sealed partial class KnowledgeExtractor(IServiceProvider services, ILogger<KnowledgeExtractor> logger)
{
    /// <summary>The service key of the chat client extraction uses.</summary>
    public const string ChatClientKey = "pai.knowledge";

    /// <summary>Most facts taken from one answer.</summary>
    public const int MaxFacts = 50;

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "summary": { "type": "string", "description": "Two or three sentences: what happened and what it produced." },
            "facts": { "type": "array", "items": { "type": "object", "properties": {
              "subject": { "type": "string" }, "subjectType": { "type": "string" },
              "predicate": { "type": "string", "description": "snake_case relation, e.g. works_at" },
              "object": { "type": "string", "description": "An entity name, or a literal value as text" },
              "objectType": { "type": "string" },
              "literal": { "type": "boolean", "description": "True when object is a value (a number, a date, a phrase), not an entity" },
              "single": { "type": "boolean", "description": "True when the subject has one such value at a time" } },
              "required": ["subject", "predicate", "object"], "additionalProperties": false } }
          },
          "required": ["summary", "facts"],
          "additionalProperties": false
        }
        """;

    private const string Instructions = """
        You extract durable knowledge for a personal knowledge graph. Read the text and answer with JSON matching the
        schema: a short summary, and facts stated or plainly implied by the text (people, projects, places, tools,
        files, decisions, preferences). Use the names as written; lower-case snake_case predicates; subjectType and
        objectType as lower-case words (person, project, place, organisation, tool, file, concept). Do not invent facts.
        """;

    /// <summary>True when a model is registered for extraction.</summary>
    public bool Enabled => services.GetKeyedService<IChatClient>(ChatClientKey) is not null;

    /// <summary>The summary and valid facts of <paramref name="text"/>, or null when no model is registered or its answer held no JSON.</summary>
    public async Task<KnowledgeExtraction?> ExtractAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (services.GetKeyedService<IChatClient>(ChatClientKey) is not { } chat)
        {
            return null;
        }

        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.extract");
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(Schema).RootElement.Clone(), "knowledge"),
            Temperature = 0,
        };
        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, text)], options, cancellationToken);
        var parsed = Parse(response.Text);
        if (parsed is null)
        {
            LogNoJson(logger);
        }

        return parsed;
    }

    /// <summary>Reads an answer: the summary and the facts that have a subject, predicate and object (others dropped).</summary>
    public static KnowledgeExtraction? Parse(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return null;
        }

        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }

        JsonObject? root;
        try
        {
            root = JsonNode.Parse(answer[start..(end + 1)], documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is null)
        {
            return null;
        }

        var summary = root["summary"]?.GetValueKind() == JsonValueKind.String ? root["summary"]!.GetValue<string>() : null;
        var facts = new List<FactInput>();
        foreach (var node in (root["facts"] as JsonArray ?? []).Take(MaxFacts))
        {
            if (node is not JsonObject fact || Text(fact, "subject") is not { } subject || Text(fact, "predicate") is not { } predicate || Text(fact, "object") is not { } obj)
            {
                continue;
            }

            var literal = fact["literal"]?.GetValueKind() == JsonValueKind.True;
            facts.Add(new FactInput(
                subject,
                predicate,
                literal ? null : obj,
                literal ? JsonSerializer.Serialize(obj) : null,
                Single: fact["single"]?.GetValueKind() == JsonValueKind.True,
                SubjectType: TypeOf(fact, "subjectType"),
                ObjectType: literal ? null : TypeOf(fact, "objectType")));
        }

        return new KnowledgeExtraction(summary, facts);
    }

    private static string? Text(JsonObject fact, string name) =>
        fact[name]?.GetValueKind() == JsonValueKind.String && fact[name]!.GetValue<string>() is { Length: > 0 } value ? value : null;

    private static string? TypeOf(JsonObject fact, string name) =>
        Text(fact, name)?.Trim().ToLowerInvariant().Replace(' ', '_') is { Length: > 0 and <= 50 } type && type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') ? type : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The extraction model's answer held no JSON object; nothing was extracted")]
    private static partial void LogNoJson(ILogger logger);
}
