using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PAI.Memory.Graph;

/// <summary>
/// Extracts a summary and facts from notes and goal episodes with a language model, in structured output (a JSON
/// schema the server enforces; the answer is still validated fact by fact, and facts that break a rule are dropped).
/// The model is the <see cref="IChatClient"/> registered under <see cref="ChatClientKey"/> (the host registers the
/// model gateway's summariser role there when a model is configured); with none registered, extraction is off and
/// <see cref="ExtractAsync"/> answers null, so everything else works without a model. Bounded: the text asked about is
/// cut to <see cref="MaxInputChars"/>, an answer over <see cref="MaxAnswerChars"/> is refused, at most
/// <see cref="MaxFacts"/> facts are read, and <see cref="ExtractBoundedAsync"/> gives up after
/// <see cref="GraphOptions.ExtractionAttempts"/> attempts or <see cref="GraphOptions.ExtractionTimeout"/>.
/// </summary>
public sealed partial class KnowledgeExtractor(IServiceProvider services, IOptions<GraphOptions> options, TimeProvider time, ILogger<KnowledgeExtractor> logger)
{
    /// <summary>The service key of the chat client extraction uses.</summary>
    public const string ChatClientKey = "pai.knowledge";

    /// <summary>
    /// The <see cref="ChatOptions.AdditionalProperties"/> key naming the principal a call is made for (with
    /// <see cref="GoalProperty"/> and <see cref="NoteProperty"/>): the registered client counts the call's tokens
    /// for it and removes these keys before the request leaves.
    /// </summary>
    public const string PrincipalProperty = "pai.principal";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key naming the goal, if any.</summary>
    public const string GoalProperty = "pai.goal";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key naming the note's path, if any.</summary>
    public const string NoteProperty = "pai.note";

    /// <summary>Most facts taken from one answer.</summary>
    public const int MaxFacts = 50;

    /// <summary>Longest text sent to the model, in characters.</summary>
    public const int MaxInputChars = 8000;

    /// <summary>Longest answer read, in characters; a longer one is refused as invalid.</summary>
    public const int MaxAnswerChars = 64_000;

    /// <summary>Most tokens the model may answer with.</summary>
    public const int MaxOutputTokens = 4000;

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

    private static readonly JsonElement SchemaElement = JsonDocument.Parse(Schema).RootElement.Clone();

    /// <summary>True when a model is registered for extraction.</summary>
    public bool Enabled => services.GetKeyedService<IChatClient>(ChatClientKey) is not null;

    /// <summary>The summary and valid facts of <paramref name="text"/>, or null when no model is registered or its answer held no JSON.</summary>
    /// <exception cref="KnowledgeExtractionRefusedException">The call was refused before it was sent (the principal's quota).</exception>
    public async Task<KnowledgeExtraction?> ExtractAsync(string text, ExtractionAttribution attribution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(attribution);
        if (services.GetKeyedService<IChatClient>(ChatClientKey) is not { } chat)
        {
            return null;
        }

        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.extract");
        activity?.SetTag("pai.principal", attribution.Principal);
        activity?.SetTag("pai.goal.id", attribution.GoalId);
        activity?.SetTag("pai.note.path", attribution.NotePath);
        var chatOptions = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(SchemaElement, "knowledge"),
            Temperature = 0,
            MaxOutputTokens = MaxOutputTokens,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [PrincipalProperty] = attribution.Principal,
                [GoalProperty] = attribution.GoalId,
                [NoteProperty] = attribution.NotePath,
            },
        };
        var input = text.Length <= MaxInputChars ? text : text[..MaxInputChars];
        var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, input)], chatOptions, cancellationToken);
        var parsed = Parse(response.Text);
        if (parsed is null)
        {
            LogNoJson(logger);
        }

        return parsed;
    }

    /// <summary>
    /// <see cref="ExtractAsync"/> within bounds: an error or an answer with no valid JSON is asked again, up to
    /// <see cref="GraphOptions.ExtractionAttempts"/> times and within <see cref="GraphOptions.ExtractionTimeout"/>; then
    /// extraction is given up (logged, counted in <c>pai.knowledge.extraction.failures</c>) and the outcome says why, so
    /// the caller writes what it has without the model's facts. A call refused for the principal's quota is not asked
    /// again (<c>refused</c>). Only <paramref name="cancellationToken"/> throws.
    /// </summary>
    public async Task<KnowledgeExtractionOutcome> ExtractBoundedAsync(string text, ExtractionAttribution attribution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(attribution);
        if (!Enabled)
        {
            return new KnowledgeExtractionOutcome(null, 0, null);
        }

        var settings = options.Value;
        var attempts = Math.Max(1, settings.ExtractionAttempts);
        using var deadline = new CancellationTokenSource(settings.ExtractionTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var reason = "invalid";
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                if (attempt > 1)
                {
                    await Task.Delay(settings.ExtractionRetryDelay, time, linked.Token);
                }

                if (await ExtractAsync(text, attribution, linked.Token) is { } extraction)
                {
                    return new KnowledgeExtractionOutcome(extraction, attempt, null);
                }

                reason = "invalid";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reason = "timeout";
                LogAttemptFailed(logger, attempt, attempts, "it took longer than the extraction timeout");
                break;
            }
            catch (KnowledgeExtractionRefusedException ex)
            {
                reason = "refused";
                LogAttemptFailed(logger, attempt, attempts, Shorten(ex.Message, 300));
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                reason = "error";
                LogAttemptFailed(logger, attempt, attempts, ex.GetType().Name + ": " + Shorten(ex.Message, 300));
            }
        }

        KnowledgeTelemetry.ExtractionFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
        LogGaveUp(logger, attempts, reason);
        return new KnowledgeExtractionOutcome(null, attempts, reason);
    }

    /// <summary>Reads an answer: the summary and the facts that have a subject, predicate and object (others dropped).</summary>
    public static KnowledgeExtraction? Parse(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer) || answer.Length > MaxAnswerChars)
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

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Debug, Message = "The extraction model's answer held no valid JSON object (or was too long)")]
    private static partial void LogNoJson(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Extraction attempt {Attempt} of {Attempts} failed: {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, int attempt, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extraction with the model given up after {Attempts} attempt(s) ({Reason}); written without the model's facts")]
    private static partial void LogGaveUp(ILogger logger, int attempts, string reason);
}
