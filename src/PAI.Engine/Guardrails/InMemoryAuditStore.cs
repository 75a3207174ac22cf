using PAI.Abstractions.Audit;

namespace PAI.Engine.Guardrails;

/// <summary>Keeps the chain in memory only: for tests and hosts without a store. Not durable.</summary>
public sealed class InMemoryAuditStore(TimeProvider time) : IAuditStore
{
    private readonly List<AuditEntry> _entries = [];

    /// <inheritdoc />
    public Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            var previous = _entries.Count == 0 ? AuditChain.Genesis : _entries[^1].Hash;
            var sequence = _entries.Count + 1L;
            var at = time.GetUtcNow();
            var entry = new AuditEntry(sequence, at, record, previous, AuditChain.Hash(sequence, at, record, previous));
            _entries.Add(entry);
            return Task.FromResult(entry);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            IReadOnlyList<AuditEntry> result = _entries
                .Where(e => e.Sequence > query.AfterSequence
                    && (query.Principal is null || e.Record.Principal == query.Principal)
                    && (query.GoalId is null || e.Record.GoalId == query.GoalId)
                    && (query.Kind is null || e.Record.Kind == query.Kind)
                    && (query.Since is null || e.At >= query.Since))
                .Take(query.Limit)
                .ToList();
            return Task.FromResult(result);
        }
    }

    /// <inheritdoc />
    public Task<(long Sequence, string Hash)?> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            return Task.FromResult<(long, string)?>(_entries.Count == 0 ? null : (_entries[^1].Sequence, _entries[^1].Hash));
        }
    }
}
