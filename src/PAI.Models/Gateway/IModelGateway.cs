using Microsoft.Extensions.AI;

namespace PAI.Models.Gateway;

/// <summary>
/// The one way PAI calls a model: a role or a reference resolves to a route (one endpoint or a pool), and the clients
/// it hands out take an endpoint per call, a GPU lease where the endpoint is served on one, the endpoint's concurrency
/// slot, retries and timeouts, and count usage.
/// </summary>
public interface IModelGateway
{
    /// <summary>The configured endpoints.</summary>
    ModelCatalog Catalog { get; }

    /// <summary>The route for a role's default or a named endpoint/model; null when nothing is configured for it.</summary>
    ModelRoute? Route(ModelRole role, string? reference = null);

    /// <summary>A chat client over the route; usage is counted under <paramref name="context"/>.</summary>
    IChatClient ChatClient(ModelRoute route, ModelCallContext context);

    /// <summary>An embedding generator over the route.</summary>
    IEmbeddingGenerator<string, Embedding<float>> EmbeddingGenerator(ModelRoute route, ModelCallContext context);
}
