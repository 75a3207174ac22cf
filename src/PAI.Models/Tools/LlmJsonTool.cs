using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PAI.Abstractions.Tools;
using PAI.Models.Gateway;
using PAI.Models.Json;

namespace PAI.Models.Tools;

/// <summary>
/// <c>llm.json</c>: asks a model for JSON that must match the schema the step gives; the output is that JSON value,
/// validated (NJsonSchema). Servers that take a schema get it as structured output; others are asked in the prompt and
/// their answer is extracted tolerantly. An answer that does not match is sent back with the errors, up to
/// <see cref="MaxRepairs"/> times, then the call fails with them.
/// </summary>
public sealed class LlmJsonTool(IModelGateway gateway, IGrainFactory grains) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "llm.json";

    /// <summary>How often an answer that does not match is sent back.</summary>
    public const int MaxRepairs = 2;

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Asks a language model for JSON matching a JSON schema; returns the validated JSON value.",
        """{"type":"object","required":["prompt","schema"],"properties":{"prompt":{"type":"string"},"schema":{"type":"object","description":"The JSON schema the answer must match."},"system":{"type":"string"},"model":{"type":"string"},"maxTokens":{"type":"integer","minimum":1},"temperature":{"type":"number","minimum":0,"maximum":2}},"additionalProperties":false}""",
        "llm",
        TimeSpan.FromMinutes(10));

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = ModelToolCall.Validate(input);
        if (input["schema"] is not JsonObject schema)
        {
            errors.Add("'schema' must be a JSON schema object");
        }
        else if (SchemaCheck.Parse(schema.ToJsonString(), out var error) is null)
        {
            errors.Add($"'schema' is {error}");
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ModelToolCall.Stored(context) is { } stored)
        {
            return stored;
        }

        var schemaJson = (context.Input["schema"] as JsonObject)?.ToJsonString() ?? throw new ToolException("'schema' must be a JSON schema object");
        var schema = SchemaCheck.Parse(schemaJson, out var schemaError) ?? throw new ToolException($"'schema' is {schemaError}");
        var (chat, route, usage) = await ModelToolCall.OpenAsync(gateway, grains, context, Name);
        var structured = route.StructuredOutput;
        var messages = ModelToolCall.Messages(context.Input, structured ? null : $"Answer with only JSON matching this schema, no prose: {schemaJson}");
        var options = ModelToolCall.Options(context.Input);
        options.ResponseFormat = structured ? ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schemaJson).RootElement.Clone(), "result") : ChatResponseFormat.Json;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var response = await chat.GetResponseAsync(messages, options, cancellationToken);
                var value = JsonExtraction.Extract(response.Text) ?? ParseScalar(response.Text);
                var problems = value is null ? ["the answer holds no JSON"] : SchemaCheck.Validate(schema, value);
                if (problems.Count == 0)
                {
                    await ModelToolCall.StoreAsync(context, value!, cancellationToken);
                    return value;
                }

                if (attempt >= MaxRepairs)
                {
                    throw new ToolException($"the model's answer does not match the schema after {attempt + 1} tries: {string.Join("; ", problems)}");
                }

                messages.Add(new ChatMessage(ChatRole.Assistant, response.Text));
                messages.Add(new ChatMessage(ChatRole.User, $"That answer does not match the schema: {string.Join("; ", problems)}. Answer again with only the corrected JSON."));
            }
        }
        catch (ModelCallException ex)
        {
            throw ModelToolCall.Fail(ex);
        }
        finally
        {
            await ModelToolCall.RecordAsync(grains, context, route.Model, usage());
        }
    }

    private static JsonNode? ParseScalar(string text)
    {
        try
        {
            return JsonNode.Parse(text.Trim());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
