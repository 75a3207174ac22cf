namespace PAI.Mcp.Tests.Infrastructure;

/// <summary>Tests that start real host processes run one class at a time: the machine has two cores.</summary>
[CollectionDefinition(nameof(ProcessTestCollection), DisableParallelization = true)]
public sealed class ProcessTestCollection;
