using Microsoft.Extensions.AI;

namespace PAI.Models.Gateway;

/// <summary>Shortcuts over <see cref="IModelGateway"/>.</summary>
public static class ModelGatewayExtensions
{
    /// <summary>A chat client for the role (or reference), or a <see cref="ModelCallException"/> saying how to configure one.</summary>
    public static IChatClient ChatClient(this IModelGateway gateway, ModelRole role, string? reference, ModelCallContext context)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var route = gateway.Route(role, reference) ?? throw new ModelCallException(gateway.Catalog.Unavailable(role, reference), retryable: false);
        return gateway.ChatClient(route, context);
    }
}
