namespace PAI.Models.Gateway;

/// <summary>Where calls for one model go: the endpoints serving it (a pool when more than one), all with one model id.</summary>
/// <param name="Model">The model id.</param>
/// <param name="Endpoints">The endpoints serving it; a call takes one of them.</param>
public sealed record ModelRoute(string Model, IReadOnlyList<ModelEndpoint> Endpoints)
{
    /// <summary>Whether every endpoint accepts a JSON schema as response format.</summary>
    public bool StructuredOutput => Endpoints.All(e => e.StructuredOutput);
}
