namespace PAI.Engine.Tests.Testing;

/// <summary>The tests that share one <see cref="EngineClusterFixture"/> (starting a silo costs about a second).</summary>
[CollectionDefinition(Name)]
public sealed class EngineClusterCollection : ICollectionFixture<EngineClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "engine cluster";
}
