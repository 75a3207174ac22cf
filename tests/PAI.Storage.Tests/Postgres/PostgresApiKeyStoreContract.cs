using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Postgres;

/// <summary>The ApiKeyStore contract run against PostgreSQL (Orleans' ADO.NET provider and PAI's tables).</summary>
public sealed class PostgresApiKeyStoreContract : ApiKeyStoreContractTests
{
    private readonly PostgresTestStorage _storage = new();

    /// <summary>Why these tests are skipped here, or null.</summary>
    public static string? SkipReason => PostgresTestServer.SkipReason;

    protected override Task<StorageUnderTest> OpenAsync() => _storage.OpenAsync();

    protected override Task DeleteDataAsync() => _storage.DeleteAsync();
}
