namespace PAI.Memory.Tests.Testing;

/// <summary>The tests that share one <see cref="MemoryClusterFixture"/> (a silo and a loaded model).</summary>
[CollectionDefinition(Name)]
public sealed class MemoryClusterCollection : ICollectionFixture<MemoryClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "memory cluster";
}
