namespace PAI.Cluster.Tests;

/// <summary>Cluster tests run one at a time: each starts its own PostgreSQL and several silo processes.</summary>
[CollectionDefinition(nameof(ClusterCollection), DisableParallelization = true)]
public sealed class ClusterCollection;
