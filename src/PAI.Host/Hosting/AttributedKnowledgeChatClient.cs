using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using PAI.Memory.Graph;
using PAI.Models.Gateway;

namespace PAI.Host.Hosting;

/// <summary>
/// The chat client knowledge extraction uses: every call goes through the model gateway for the summariser role on
/// behalf of the principal (and goal) the <see cref="KnowledgeExtractor"/> names in the options'
/// <see cref="ChatOptions.AdditionalProperties"/>, so its tokens count in that principal's usage and against its
/// <c>MaxModelTokensPerDay</c>, and its metrics and traces carry the principal and goal. Those keys are removed before
/// the request leaves. A call refused for the quota (audited <c>model.refused</c> by the gateway) is thrown as
/// <see cref="KnowledgeExtractionRefusedException"/>, so extraction is given up at once rather than asked again.
/// </summary>
internal sealed class AttributedKnowledgeChatClient(IModelGateway gateway) : IChatClient
{
    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (client, forwarded) = Route(options);
        try
        {
            return await client.GetResponseAsync(messages, forwarded, cancellationToken);
        }
        catch (ModelCallException ex) when (ex.QuotaExceeded)
        {
            throw new KnowledgeExtractionRefusedException(ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (client, forwarded) = Route(options);
        await foreach (var update in client.GetStreamingResponseAsync(messages, forwarded, cancellationToken))
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
        // The gateway owns the endpoint clients.
    }

    private (IChatClient Client, ChatOptions? Options) Route(ChatOptions? options)
    {
        var properties = options?.AdditionalProperties;
        var context = new ModelCallContext(
            KnowledgeModelExtensions.Purpose,
            GoalId: Read(properties, KnowledgeExtractor.GoalProperty),
            Principal: Read(properties, KnowledgeExtractor.PrincipalProperty));
        ChatOptions? forwarded = options;
        if (properties is not null)
        {
            forwarded = options!.Clone();
            var rest = new AdditionalPropertiesDictionary(properties);
            rest.Remove(KnowledgeExtractor.PrincipalProperty);
            rest.Remove(KnowledgeExtractor.GoalProperty);
            rest.Remove(KnowledgeExtractor.NoteProperty);
            forwarded.AdditionalProperties = rest.Count == 0 ? null : rest;
        }

        return (gateway.ChatClient(ModelRole.Summariser, null, context), forwarded);
    }

    private static string? Read(AdditionalPropertiesDictionary? properties, string key) =>
        properties is not null && properties.TryGetValue(key, out var value) && value is string { Length: > 0 } text ? text : null;
}
