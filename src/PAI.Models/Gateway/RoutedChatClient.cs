using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using PAI.Abstractions.Models;

namespace PAI.Models.Gateway;

/// <summary>An <see cref="IChatClient"/> over a route: each call takes an endpoint (and GPU lease) from the gateway,
/// asks for the route's model, and counts its usage (metrics, <see cref="ModelCallContext.OnUsage"/> and the principal's
/// token quota, which is checked before the call).</summary>
internal sealed class RoutedChatClient(ModelGateway gateway, ModelRoute route, ModelCallContext context, TimeProvider time) : IChatClient
{
    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var started = time.GetTimestamp();
        using var activity = Start("chat");
        await gateway.Quota.CheckAsync(route, context, cancellationToken);
        await using var slot = await gateway.AcquireAsync(route, context, cancellationToken);
        try
        {
            var response = await slot.Client.GetResponseAsync(list, WithModel(options), cancellationToken);
            await gateway.Quota.RecordAsync(context, Count(slot, response.Usage, started));
            return response;
        }
        catch (ModelCallException)
        {
            Failed(slot);
            throw;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var started = time.GetTimestamp();
        using var activity = Start("chat.stream");
        await gateway.Quota.CheckAsync(route, context, cancellationToken);
        await using var slot = await gateway.AcquireAsync(route, context, cancellationToken);
        UsageDetails? usage = null;
        await using var updates = slot.Client.GetStreamingResponseAsync(list, WithModel(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }
            }
            catch (ModelCallException)
            {
                Failed(slot);
                throw;
            }

            foreach (var content in updates.Current.Contents.OfType<UsageContent>())
            {
                usage ??= new UsageDetails();
                usage.Add(content.Details);
            }

            yield return updates.Current;
        }

        await gateway.Quota.RecordAsync(context, Count(slot, usage, started));
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
        // The endpoint clients belong to the gateway.
    }

    private ChatOptions WithModel(ChatOptions? options)
    {
        var copy = options?.Clone() ?? new ChatOptions();
        copy.ModelId = route.Model;
        return copy;
    }

    private Activity? Start(string operation)
    {
        var activity = ModelTelemetry.Source.StartActivity(operation, ActivityKind.Client);
        activity?.SetTag("gen_ai.request.model", route.Model);
        activity?.SetTag("pai.purpose", context.Purpose);
        activity?.SetTag("pai.goal", context.GoalId);
        return activity;
    }

    private ModelUsage Count(EndpointSlot slot, UsageDetails? details, long started)
    {
        var usage = new ModelUsage(1, details?.InputTokenCount ?? 0, details?.OutputTokenCount ?? 0, time.GetElapsedTime(started));
        var tags = Tags(slot);
        ModelTelemetry.Calls.Add(1, tags);
        ModelTelemetry.InputTokens.Add(usage.InputTokens, tags);
        ModelTelemetry.OutputTokens.Add(usage.OutputTokens, tags);
        ModelTelemetry.CallDuration.Record(usage.Duration.TotalSeconds, tags);
        context.OnUsage?.Invoke(route.Model, usage);
        return usage;
    }

    private void Failed(EndpointSlot slot) => ModelTelemetry.Failures.Add(1, Tags(slot));

    private TagList Tags(EndpointSlot slot) => new()
    {
        { "model", route.Model },
        { "endpoint", slot.Client.Endpoint.Name },
        { "agent", context.Agent },
        { "principal", context.Principal },
        { "purpose", context.Purpose },
    };
}
