namespace PAI.Console.Tests.Infrastructure;

/// <summary>Every browser test shares one host and one browser, and runs one at a time (the machine has two cores).</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleHost>;
