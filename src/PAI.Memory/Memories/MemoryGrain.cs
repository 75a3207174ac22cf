using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Memory;
using PAI.Memory.Memories.Index;
using PAI.Memory.Memories.Retrieval;

namespace PAI.Memory.Memories;

/// <summary>
/// Searches one scope's memories (key: <see cref="MemoryScope.ToKey"/>). It keeps the int8 vectors of the scope's
/// memories in a <see cref="VectorIndex"/> and, before each vector or hybrid search, catches up with the principal's
/// head in the store (rows and deletions after its sequence; a full reload after forget-all, a model change or pruned
/// deletions), so whatever was acknowledged before the search began is found, whichever silo wrote it. Keyword
/// search runs in the store's full-text engine; the best candidates are read back with their float32 vectors and
/// rescored exactly. Not reentrant: searches of one scope run one at a time.
/// </summary>
[CollectionAgeLimit(Minutes = 15)]
public sealed partial class MemoryGrain(
    IMemoryStore store,
    IOptions<MemoryOptions> options,
    TimeProvider time,
    ILogger<MemoryGrain> logger) : Grain, IMemoryGrain
{
    private MemoryScope _scope = null!;
    private VectorIndex? _index;
    private long _epoch;
    private long _sequence;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _scope = MemoryScope.FromKey(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MemoryHit>> SearchAsync(MemorySearch search)
    {
        ArgumentNullException.ThrowIfNull(search);
        var started = Stopwatch.GetTimestamp();
        var settings = options.Value;
        var k = Math.Clamp(search.K, 1, Math.Max(1, settings.MaxK));
        var hits = search.Mode switch
        {
            MemorySearchMode.Keyword => await KeywordAsync(search, k, settings),
            MemorySearchMode.Vector => await VectorAsync(search, k),
            _ => await HybridAsync(search, k, settings),
        };
        MemoryTelemetry.SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("mode", search.Mode.ToString()));
        return hits;
    }

    private async Task<IReadOnlyList<MemoryHit>> KeywordAsync(MemorySearch search, int k, MemoryOptions settings)
    {
        var depth = search.Diversify ? Math.Max(3 * k, 30) : k;
        var matches = await store.SearchKeywordsAsync(_scope, search.Filter, QueryTerms.Of(search.Query), Math.Min(depth, settings.CandidatePool + k), CancellationToken.None);
        var candidates = matches.Select(m => new Candidate(m.Id, m.Score, null, null, null) { Score = m.Score }).ToList();
        return await FinishAsync(candidates, search, k, vectors: search.Diversify, rescore: null);
    }

    private async Task<IReadOnlyList<MemoryHit>> VectorAsync(MemorySearch search, int k)
    {
        var query = await PrepareAsync(search);
        if (query is null)
        {
            return [];
        }

        var depth = search.Diversify ? Math.Max(3 * k, 30) : Math.Max(2 * k, k + 10);
        var candidates = _index!.Top(query, _index.Compile(search.Filter), depth)
            .Select(t => new Candidate(_index.IdAt(t.Slot), null, t.Score, _index.OccurredTicksAt(t.Slot), _index.ScopeAt(t.Slot)) { Score = t.Score })
            .ToList();
        return await FinishAsync(candidates, search, k, vectors: true, rescore: c => c.Score = c.Dense ?? double.MinValue);
    }

    private async Task<IReadOnlyList<MemoryHit>> HybridAsync(MemorySearch search, int k, MemoryOptions settings)
    {
        var query = await PrepareAsync(search);
        var pool = Math.Max(settings.CandidatePool, k);
        var byId = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        if (query is not null)
        {
            foreach (var (slot, score) in _index!.Top(query, _index.Compile(search.Filter), pool))
            {
                var id = _index.IdAt(slot);
                byId[id] = new Candidate(id, null, score, _index.OccurredTicksAt(slot), _index.ScopeAt(slot));
            }
        }

        var matches = await store.SearchKeywordsAsync(_scope, search.Filter, QueryTerms.Of(search.Query), pool, CancellationToken.None);
        foreach (var match in matches)
        {
            if (byId.TryGetValue(match.Id, out var both))
            {
                byId[match.Id] = both with { Keyword = match.Score };
            }
            else if (query is not null && _index!.TryGetSlot(match.Id, out var slot))
            {
                byId[match.Id] = new Candidate(match.Id, match.Score, _index.Score(slot, query), _index.OccurredTicksAt(slot), _index.ScopeAt(slot));
            }
            else
            {
                byId[match.Id] = new Candidate(match.Id, match.Score, null, null, null);
            }
        }

        var candidates = byId.Values.ToList();
        var normalization = HybridFusion.Normalize(candidates);
        var weights = query is null ? settings.Fusion with { Keyword = 1 } : settings.Fusion;
        var now = time.GetUtcNow().UtcTicks;
        HybridFusion.Score(candidates, normalization, weights, now, search.Context);
        candidates.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        var depth = search.Diversify ? Math.Max(3 * k, 30) : Math.Max(2 * k, k + 10);
        var top = candidates.Take(depth).ToList();
        return await FinishAsync(top, search, k, vectors: true, rescore: c => HybridFusion.Score([c], normalization, weights, now, search.Context));
    }

    /// <summary>Reads the candidates back (with float32 vectors when asked), rescores exactly, re-ranks and builds hits.</summary>
    private async Task<IReadOnlyList<MemoryHit>> FinishAsync(List<Candidate> candidates, MemorySearch search, int k, bool vectors, Action<Candidate>? rescore)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var stored = await store.GetAsync(_scope.Principal, candidates.Select(c => c.Id).ToArray(), vectors, CancellationToken.None);
        var byId = stored.ToDictionary(s => s.Record.Id, StringComparer.Ordinal);
        var kept = new List<(Candidate Candidate, StoredMemory Memory)>(candidates.Count);
        foreach (var candidate in candidates)
        {
            // Gone meanwhile (deleted), or outside the scope (the index may lag a scope change): left out.
            if (!byId.TryGetValue(candidate.Id, out var memory) || !_scope.Matches(memory.Record.Scope))
            {
                continue;
            }

            var exact = candidate with
            {
                Dense = Exact(memory, search) ?? candidate.Dense,
                OccurredTicks = memory.Record.OccurredAt.UtcTicks,
                Scope = memory.Record.Scope,
            };
            exact.Score = candidate.Score;
            rescore?.Invoke(exact);
            kept.Add((exact, memory));
        }

        kept.Sort(static (a, b) => b.Candidate.Score.CompareTo(a.Candidate.Score));
        IEnumerable<int> order = Enumerable.Range(0, kept.Count);
        if (search.Diversify && vectors)
        {
            order = Mmr.Select(
                kept.Select(x => x.Candidate.Score).ToArray(),
                (a, b) => kept[a].Memory.Vector is { } va && kept[b].Memory.Vector is { } vb && va.Length == vb.Length ? TensorPrimitives.Dot(va, vb) : 0,
                k,
                options.Value.MmrLambda);
        }

        return order.Take(k)
            .Select(i => new MemoryHit(kept[i].Memory.Record, kept[i].Candidate.Score, kept[i].Candidate.Keyword, kept[i].Candidate.Dense))
            .ToArray();
    }

    private static double? Exact(StoredMemory memory, MemorySearch search) =>
        memory.Vector is { } vector && search.QueryVector is { } query && vector.Length == query.Length && memory.Record.Model == search.QueryModel
            ? TensorPrimitives.Dot(vector, query)
            : null;

    /// <summary>Brings the index up to date with the store for the query's model; null when there is no query vector.</summary>
    private async Task<QuantizedQuery?> PrepareAsync(MemorySearch search)
    {
        if (search.QueryVector is not { Length: > 0 } vector || search.QueryModel is null)
        {
            return null;
        }

        var head = await store.GetHeadAsync(_scope.Principal, CancellationToken.None);
        if (_index is null || _index.Model != search.QueryModel || _index.Dimensions != vector.Length || head.Epoch != _epoch || _sequence < head.PrunedThrough)
        {
            await ReloadAsync(head, search.QueryModel, vector.Length);
        }
        else if (head.Sequence > _sequence)
        {
            await CatchUpAsync(head);
        }

        return new QuantizedQuery(vector);
    }

    private async Task ReloadAsync(MemoryHead head, string model, int dimensions)
    {
        var started = Stopwatch.GetTimestamp();
        var index = new VectorIndex(model, dimensions);
        await foreach (var row in store.ReadVectorsAsync(_scope, 0, CancellationToken.None))
        {
            Apply(index, row);
        }

        (_index, _epoch, _sequence) = (index, head.Epoch, head.Sequence);
        MemoryTelemetry.CacheReloads.Add(1);
        LogReloaded(logger, index.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task CatchUpAsync(MemoryHead head)
    {
        var index = _index!;
        foreach (var id in await store.ReadDeletedAsync(_scope.Principal, _sequence, CancellationToken.None))
        {
            index.Remove(id);
        }

        await foreach (var row in store.ReadVectorsAsync(_scope, _sequence, CancellationToken.None))
        {
            Apply(index, row);
        }

        // The head read before the catch-up, not the newest row seen: a change committed meanwhile is read again next time.
        _sequence = head.Sequence;
    }

    private static void Apply(VectorIndex index, MemoryVectorRow row)
    {
        if (row.Model == index.Model && row.Vector.Length == index.Dimensions)
        {
            index.Upsert(row.Id, row.Vector, row.OccurredAt, row.Scope, row.Metadata);
        }
        else
        {
            index.Remove(row.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Memory cache loaded: {Count} memories in {Milliseconds} ms")]
    private static partial void LogReloaded(ILogger logger, int count, double milliseconds);
}
