using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Postgres;

/// <summary>The principal usage contract run against PostgreSQL.</summary>
public sealed class PostgresPrincipalUsageContract : PrincipalUsageContractTests
{
    private readonly PostgresTestStorage _storage = new();

    /// <summary>Why these tests are skipped here, or null.</summary>
    public static string? SkipReason => PostgresTestServer.SkipReason;

    protected override Task<StorageUnderTest> OpenAsync() => _storage.OpenAsync();

    protected override Task DeleteDataAsync() => _storage.DeleteAsync();
}
