using Orleans.Storage;
using PAI.Abstractions.Storage;

namespace PAI.Storage.Tests.Contracts;

/// <summary>
/// The base of the reusable storage contract suites. An implementation (SQLite, later PostgreSQL) supplies
/// <see cref="OpenAsync"/>, which opens the same empty-at-start data set each time it is called within one test,
/// and <see cref="DeleteDataAsync"/>, which removes that data set after the test.
/// </summary>
public abstract class StorageContractTestBase : IAsyncLifetime
{
    private StorageUnderTest? _current;

    protected IGrainStorage GrainStorage => Current.GrainStorage;

    protected IGoalIndex GoalIndex => Current.GoalIndex;

    protected IApiKeyStore ApiKeys => Current.ApiKeys;

    protected IPrincipalUsageStore PrincipalUsage => Current.PrincipalUsage ?? throw new InvalidOperationException("this storage has no principal usage store");

    private StorageUnderTest Current => _current ?? throw new InvalidOperationException("Storage is not open.");

    /// <summary>Opens the test's data set (a new instance each call, over the same data).</summary>
    protected abstract Task<StorageUnderTest> OpenAsync();

    /// <summary>Removes the test's data set once it is closed.</summary>
    protected abstract Task DeleteDataAsync();

    public async Task InitializeAsync() => _current = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }

        await DeleteDataAsync();
    }

    /// <summary>Closes the storage and opens it again, so reads must come from what was made durable.</summary>
    protected async Task ReopenAsync()
    {
        await Current.DisposeAsync();
        _current = null;
        _current = await OpenAsync();
    }
}
