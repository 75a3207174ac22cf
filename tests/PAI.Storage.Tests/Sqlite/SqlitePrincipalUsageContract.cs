using PAI.Storage.Tests.Contracts;

namespace PAI.Storage.Tests.Sqlite;

/// <summary>The principal usage contract run against SQLite.</summary>
public sealed class SqlitePrincipalUsageContract : PrincipalUsageContractTests
{
    private readonly SqliteTestStorage _storage = new();

    protected override Task<StorageUnderTest> OpenAsync() => _storage.OpenAsync();

    protected override Task DeleteDataAsync() => _storage.DeleteAsync();
}
