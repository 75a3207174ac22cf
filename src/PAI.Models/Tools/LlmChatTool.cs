using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Models.Gateway;

namespace PAI.Models.Tools;

/// <summary><c>llm.chat</c>: one question to a model; output <c>{ "text", "model", "usage" }</c>.</summary>
public sealed class LlmChatTool(IModelGateway gateway, IGrainFactory grains) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = "llm.chat";

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Asks a language model one question and returns its answer as text.",
        """{"type":"object","required":["prompt"],"properties":{"prompt":{"type":"string","description":"The question or instruction."},"system":{"type":"string"},"model":{"type":"string","description":"An endpoint name or model id; the agent role's default when absent."},"maxTokens":{"type":"integer","minimum":1},"temperature":{"type":"number","minimum":0,"maximum":2}},"additionalProperties":false}""",
        "llm",
        TimeSpan.FromMinutes(10),
        """{"type":"object","properties":{"text":{"type":"string"},"model":{"type":"string"},"usage":{"type":"object"}}}""");

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input) => ModelToolCall.Validate(input);

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ModelToolCall.Stored(context) is { } stored)
        {
            return stored;
        }

        var (chat, route, usage) = await ModelToolCall.OpenAsync(gateway, grains, context, Name);
        Microsoft.Extensions.AI.ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(ModelToolCall.Messages(context.Input), ModelToolCall.Options(context.Input), cancellationToken);
        }
        catch (ModelCallException ex)
        {
            throw ModelToolCall.Fail(ex);
        }
        finally
        {
            await ModelToolCall.RecordAsync(grains, context, route.Model, usage());
        }

        var used = usage();
        JsonNode answer = new JsonObject
        {
            ["text"] = response.Text,
            ["model"] = route.Model,
            ["usage"] = new JsonObject { ["inputTokens"] = used.InputTokens, ["outputTokens"] = used.OutputTokens },
        };
        await ModelToolCall.StoreAsync(context, answer, cancellationToken);
        return answer;
    }
}
