namespace PAI.Models.Gateway;

/// <summary>What <see cref="EndpointChooser"/> knows of one endpoint of a pool when a call is routed.</summary>
/// <param name="Name">The endpoint's name (unique in the pool).</param>
/// <param name="Gpu">The GPU device it is served on, if any.</param>
/// <param name="InFlight">Requests running on it now (from this silo).</param>
/// <param name="MaxConcurrentRequests">Its concurrency limit (at least 1).</param>
/// <param name="Resting">True while its circuit breaker is open after repeated failures.</param>
internal sealed record EndpointCandidate(string Name, string? Gpu, int InFlight, int MaxConcurrentRequests, bool Resting);
