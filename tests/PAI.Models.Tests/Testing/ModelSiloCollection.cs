namespace PAI.Models.Tests.Testing;

/// <summary>Tests sharing one <see cref="ModelSilo"/> (they run one at a time and tell their requests apart by goal).</summary>
[CollectionDefinition(nameof(ModelSiloCollection))]
public sealed class ModelSiloCollection : ICollectionFixture<ModelSilo>;
