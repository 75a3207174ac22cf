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
        // The full-text query runs on the thread pool (SQLite's "async" calls complete synchronously) while this turn
        // checks the head and scans the vectors: on two cores the two halves of a hybrid search overlap.
        var pool = Math.Max(settings.CandidatePool, k);
        var terms = QueryTerms.Of(search.Query);
        var keywordSearch = Task.Run(() => store.SearchKeywordsAsync(_scope, search.Filter, terms, pool, CancellationToken.None));
        var query = await PrepareAsync(search);
        var index = _index;
        var byId = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        if (query is not null)
        {
            foreach (var (slot, score) in index!.Top(query, index.Compile(search.Filter), pool))
            {
                var id = index.IdAt(slot);
                byId[id] = new Candidate(id, null, score, index.OccurredTicksAt(slot), index.ScopeAt(slot), slot);
            }
        }

        var keyword = (await keywordSearch).ToDictionary(m => m.Id, m => m.Score, StringComparer.Ordinal);
        foreach (var (id, score) in keyword)
        {
            byId[id] = byId.TryGetValue(id, out var both) ? both with { Keyword = score } : FromIndex(id, score);
        }

        // Episode neighbours of every candidate join the pool: a memory whose neighbour matches may rank by it.
        var weights = query is null ? settings.Fusion with { Keyword = 1, Context = 0 } : settings.Fusion;
        var depth = weights.Context > 0 ? Math.Clamp(weights.ContextDepth, 0, 8) : 0;
        var filter = query is null ? null : index!.Compile(search.Filter);
        foreach (var candidate in depth > 0 ? byId.Values.ToArray() : [])
        {
            if (candidate.Slot >= 0)
            {
                for (var step = 1; step <= depth; step++)
                {
                    AddNeighbor(index!.NeighborOf(candidate.Slot, -1, step, weights.ContextWindow));
                    AddNeighbor(index.NeighborOf(candidate.Slot, +1, step, weights.ContextWindow));
                }
            }
        }

        var normalization = HybridFusion.Normalize(byId.Values);
        var now = time.GetUtcNow().UtcTicks;
        var relevance = new Dictionary<string, double>(byId.Count, StringComparer.Ordinal);
        foreach (var c in byId.Values)
        {
            relevance[c.Id] = HybridFusion.Relevance(c.Keyword, c.Dense, normalization, weights);
        }

        foreach (var c in byId.Values)
        {
            c.Score = Final(c, relevance[c.Id]);
        }

        var rescored = search.Diversify ? Math.Max(3 * k, 30) : Math.Max(2 * k, k + 10);
        var top = byId.Values.OrderByDescending(c => c.Score).Take(rescored).ToList();
        return await FinishAsync(top, search, k, vectors: true, rescore: c => c.Score = Final(c, HybridFusion.Relevance(c.Keyword, c.Dense, normalization, weights)));

        Candidate FromIndex(string id, double? keywordScore) =>
            query is not null && index!.TryGetSlot(id, out var slot)
                ? new Candidate(id, keywordScore, index.Score(slot, query), index.OccurredTicksAt(slot), index.ScopeAt(slot), slot)
                : new Candidate(id, keywordScore, null, null, null);

        void AddNeighbor(int slot)
        {
            if (slot >= 0 && index!.Passes(slot, filter!) && !byId.ContainsKey(index.IdAt(slot)))
            {
                var id = index.IdAt(slot);
                byId[id] = FromIndex(id, keyword.TryGetValue(id, out var score) ? score : null);
            }
        }

        double Final(Candidate c, double own)
        {
            Span<double> neighbors = stackalloc double[8];
            var steps = c.Slot >= 0 ? depth : 0;
            for (var step = 1; step <= steps; step++)
            {
                neighbors[step - 1] = Math.Max(
                    RelevanceOf(index!.NeighborOf(c.Slot, -1, step, weights.ContextWindow)),
                    RelevanceOf(index.NeighborOf(c.Slot, +1, step, weights.ContextWindow)));
            }

            return HybridFusion.Score(own, neighbors[..steps], c, weights, now, search.Context);
        }

        double RelevanceOf(int slot) =>
            slot < 0 ? 0
            : relevance.TryGetValue(index!.IdAt(slot), out var r) ? r
            : HybridFusion.Relevance(keyword.TryGetValue(index.IdAt(slot), out var kw) ? kw : null, index.Score(slot, query!), normalization, weights);
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
            index.Upsert(row.Id, row.Vector, row.OccurredAt, row.Ordinal, row.Scope, row.Metadata);
        }
        else
        {
            index.Remove(row.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Memory cache loaded: {Count} memories in {Milliseconds} ms")]
    private static partial void LogReloaded(ILogger logger, int count, double milliseconds);
}
