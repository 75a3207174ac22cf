using Xunit.Sdk;

namespace PAI.Storage.Tests.Contracts;

/// <summary>
/// A contract test: a <see cref="FactAttribute"/> that is skipped, with the class's message, when the concrete test
/// class has a static <c>SkipReason</c> property that returns a non-null string (PostgreSQL not installed).
/// </summary>
[XunitTestCaseDiscoverer("PAI.Storage.Tests.Contracts.ContractFactDiscoverer", "PAI.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContractFactAttribute : FactAttribute;
