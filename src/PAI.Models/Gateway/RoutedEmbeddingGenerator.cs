using Microsoft.Extensions.AI;
using PAI.Abstractions.Models;

namespace PAI.Models.Gateway;

/// <summary>An <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> over a route, with the gateway's limits and usage counting.</summary>
internal sealed class RoutedEmbeddingGenerator(ModelGateway gateway, ModelRoute route, ModelCallContext context, TimeProvider time) : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        await gateway.Quota.CheckAsync(route, context, cancellationToken);
        await using var slot = await gateway.AcquireAsync(route, context, cancellationToken);
        var copy = options?.Clone() ?? new EmbeddingGenerationOptions();
        copy.ModelId = route.Model;
        var result = await slot.Client.EmbedAsync(values, copy, cancellationToken);
        var usage = new ModelUsage(1, result.Usage?.InputTokenCount ?? 0, 0, time.GetElapsedTime(started));
        ModelTelemetry.Calls.Add(1, new KeyValuePair<string, object?>("model", route.Model), new KeyValuePair<string, object?>("purpose", context.Purpose));
        ModelTelemetry.InputTokens.Add(usage.InputTokens, new KeyValuePair<string, object?>("model", route.Model), new KeyValuePair<string, object?>("purpose", context.Purpose));
        context.OnUsage?.Invoke(route.Model, usage);
        await gateway.Quota.RecordAsync(context, usage);
        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
        // The endpoint clients belong to the gateway.
    }
}
