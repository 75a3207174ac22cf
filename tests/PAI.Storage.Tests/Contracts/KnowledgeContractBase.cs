using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Tests.Contracts;

/// <summary>Opening, helpers and row counters shared by the knowledge store contract suites.</summary>
public abstract class KnowledgeContractBase : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    protected static readonly DateTimeOffset T1 = T0.AddDays(1);
    protected static readonly DateTimeOffset T2 = T0.AddDays(2);
    protected static readonly DateTimeOffset T3 = T0.AddDays(3);

    private KnowledgeStoreUnderTest? _current;

    protected IKnowledgeStore Store => (_current ?? throw new InvalidOperationException("Store is not open.")).Store;

    /// <summary>Opens the test's store (a new instance each call, over the same data).</summary>
    protected abstract Task<KnowledgeStoreUnderTest> OpenAsync();

    /// <summary>Removes the test's data once it is closed.</summary>
    protected abstract Task DeleteDataAsync();

    /// <summary>
    /// Rows that refer to something gone, counted straight in the database: sources without their fact, entity or
    /// episode; facts without a source or without their entities or superseding fact; keys without their entity;
    /// entities nothing refers to; note records without their episode.
    /// </summary>
    protected abstract Task<long> CountOrphansAsync();

    /// <summary>Rows of the principal in every knowledge table, counted straight in the database.</summary>
    protected abstract Task<long> CountPrincipalRowsAsync(string principal);

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

    protected static FactAssertion Fact(string subject, string predicate, string obj, DateTimeOffset from, bool single = false, DateTimeOffset? to = null) =>
        new(EntityMention.Named(subject), Predicates.Normalise(predicate), EntityMention.Named(obj), null, from, to, single);

    protected static FactAssertion Value(string subject, string predicate, string json, DateTimeOffset from, bool single = true) =>
        new(EntityMention.Named(subject), Predicates.Normalise(predicate), null, json, from, null, single);

    protected static GraphWrite Write(string principal, DateTimeOffset at, params FactAssertion[] facts) =>
        new(Episode(principal, at), [], facts);

    protected static GraphWrite Write(string principal, DateTimeOffset at, IReadOnlyList<EntityMention> mentions, params FactAssertion[] facts) =>
        new(Episode(principal, at), mentions, facts);

    protected static EpisodeRecord Episode(string principal, DateTimeOffset at) =>
        new("ep_" + Guid.NewGuid().ToString("N"), principal, "test", "contract", "facts", at, at);

    protected async Task<GraphEntity> FindAsync(string principal, string name) =>
        await Store.FindEntityAsync(principal, [EntityKeys.Normalise(name)]) ?? throw new InvalidOperationException($"no entity '{name}'");
}
