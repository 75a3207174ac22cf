using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;
using PAI.Abstractions.Tools;
using PAI.Models.Gateway;

namespace PAI.Models.Tools;

/// <summary>What <c>llm.chat</c> and <c>llm.json</c> share: the goal's budget, the route, the call, usage on the goal,
/// and a durable answer (a re-run after a crash returns the stored answer instead of paying for it again).</summary>
internal static class ModelToolCall
{
    private const string AnswerKey = "llm:answer";

    /// <summary>The answer stored by an earlier attempt of this call, if any.</summary>
    public static JsonNode? Stored(ToolContext context) => context.Checkpoint.Get(AnswerKey) is { } json ? JsonNode.Parse(json) : null;

    /// <summary>Stores the answer for later attempts of this call.</summary>
    public static Task StoreAsync(ToolContext context, JsonNode answer, CancellationToken cancellationToken) =>
        context.Checkpoint.SetAsync(AnswerKey, answer.ToJsonString(), cancellationToken);

    /// <summary>A chat client for the input's <c>model</c> (or the agent role's default), after checking the goal's budget.</summary>
    public static async Task<(IChatClient Chat, ModelRoute Route, Func<ModelUsage> Usage)> OpenAsync(
        IModelGateway gateway, IGrainFactory grains, ToolContext context, string purpose)
    {
        var reference = context.Input["model"] is JsonValue v && v.TryGetValue<string>(out var m) ? m : null;
        var route = gateway.Route(ModelRole.Agent, reference) ?? throw new ToolException(gateway.Catalog.Unavailable(ModelRole.Agent, reference));
        var budget = await grains.GetGrain<IGoalGrain>(context.GoalId).RecordModelUsageAsync(new ModelUsageReport(context.StepId, route.Model, null, ModelUsage.None));
        if (budget.Exhausted is { } why)
        {
            throw new ToolException(why);
        }

        var usage = ModelUsage.None;
        var chat = gateway.ChatClient(route, new ModelCallContext(purpose, context.GoalId, null, context.Principal) { OnUsage = (_, u) => usage = usage.Add(u), StepId = context.StepId });
        return (chat, route, () => usage);
    }

    /// <summary>Adds the call's usage to the goal.</summary>
    public static Task RecordAsync(IGrainFactory grains, ToolContext context, string model, ModelUsage usage) =>
        grains.GetGrain<IGoalGrain>(context.GoalId).RecordModelUsageAsync(new ModelUsageReport(context.StepId, model, null, usage));

    /// <summary>System and user messages from the input.</summary>
    public static List<ChatMessage> Messages(JsonObject input, string? extraSystem = null)
    {
        var messages = new List<ChatMessage>();
        var system = input["system"] is JsonValue s && s.TryGetValue<string>(out var text) ? text : null;
        if (system is not null || extraSystem is not null)
        {
            messages.Add(new ChatMessage(ChatRole.System, string.Join("\n\n", new[] { system, extraSystem }.OfType<string>())));
        }

        var prompt = input["prompt"] is JsonValue p && p.TryGetValue<string>(out var ptext) ? ptext : input["prompt"]?.ToJsonString() ?? "";
        messages.Add(new ChatMessage(ChatRole.User, prompt));
        return messages;
    }

    /// <summary>Options from the input (<c>maxTokens</c>, <c>temperature</c>).</summary>
    public static ChatOptions Options(JsonObject input) => new()
    {
        MaxOutputTokens = input["maxTokens"] is JsonValue t && t.TryGetValue<int>(out var max) ? max : null,
        Temperature = input["temperature"] is JsonValue f && f.TryGetValue<double>(out var temperature) ? (float)temperature : null,
    };

    /// <summary>A model failure as a tool failure (retryable when the server was busy, slow or away).</summary>
    public static ToolException Fail(ModelCallException ex) => new(ex.Message, ex.Retryable, ex);

    /// <summary>Checks the input fields the two tools share.</summary>
    public static List<string> Validate(JsonObject input)
    {
        var errors = new List<string>();
        if (input["prompt"] is null)
        {
            errors.Add("'prompt' is required");
        }

        foreach (var field in new[] { "system", "model" })
        {
            if (input[field] is { } value && value is not JsonValue)
            {
                errors.Add($"'{field}' must be a string");
            }
        }

        return errors;
    }
}
