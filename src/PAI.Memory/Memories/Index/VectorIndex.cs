using PAI.Abstractions.Memory;

namespace PAI.Memory.Memories.Index;

/// <summary>
/// The in-memory side of one scope's memories: for every memory embedded by <see cref="Model"/>, its int8 vector,
/// occurredAt, scope and interned top-level metadata, in parallel arrays (one row per memory, removal swaps the last
/// row in). Exact search scans every row that passes the filter. It also knows each memory's episode neighbours: the
/// memories of the same scope recorded just before and after it (by occurredAt, then recording order), linked lazily
/// after changes. Not thread-safe: its grain owns it.
/// </summary>
internal sealed class VectorIndex
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _pairIds = new(StringComparer.Ordinal);
    private readonly Dictionary<MemoryScope, MemoryScope> _scopes = [];
    private sbyte[] _codes;
    private float[] _scales;
    private long[] _occurred;
    private long[] _ordinals;
    private int[] _previous;
    private int[] _next;
    private bool _linked;
    private string[] _ids;
    private int[]?[] _pairs;
    private MemoryScope[] _rowScopes;

    /// <summary>Creates an empty index for vectors of <paramref name="dimensions"/> floats made by <paramref name="model"/>.</summary>
    public VectorIndex(string model, int dimensions, int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Model = model;
        Dimensions = dimensions;
        capacity = Math.Max(capacity, 4);
        _codes = new sbyte[capacity * dimensions];
        _scales = new float[capacity];
        _occurred = new long[capacity];
        _ordinals = new long[capacity];
        _previous = new int[capacity];
        _next = new int[capacity];
        _ids = new string[capacity];
        _pairs = new int[]?[capacity];
        _rowScopes = new MemoryScope[capacity];
    }

    /// <summary>The model whose vectors the index holds.</summary>
    public string Model { get; }

    /// <summary>The vector length.</summary>
    public int Dimensions { get; }

    /// <summary>How many memories it holds.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes held by vectors (for the cache size metric).</summary>
    public long VectorBytes => (long)Count * (Dimensions + sizeof(float));

    /// <summary>Adds a memory or replaces the one with the same id.</summary>
    public void Upsert(string id, ReadOnlySpan<float> vector, DateTimeOffset occurredAt, long ordinal, MemoryScope scope, string? metadata)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"vector has {vector.Length} dimensions; the index holds {Dimensions}", nameof(vector));
        }

        if (!_slots.TryGetValue(id, out var slot))
        {
            EnsureCapacity(Count + 1);
            slot = Count++;
            _slots[id] = slot;
            _ids[slot] = id;
        }

        _scales[slot] = Int8Vectors.Quantize(vector, _codes.AsSpan(slot * Dimensions, Dimensions));
        _occurred[slot] = occurredAt.UtcTicks;
        _ordinals[slot] = ordinal;
        _rowScopes[slot] = Intern(scope);
        _linked = false;
        _pairs[slot] = InternPairs(metadata);
    }

    /// <summary>Removes a memory; false when it was not held.</summary>
    public bool Remove(string id)
    {
        if (!_slots.Remove(id, out var slot))
        {
            return false;
        }

        var last = --Count;
        if (slot != last)
        {
            _codes.AsSpan(last * Dimensions, Dimensions).CopyTo(_codes.AsSpan(slot * Dimensions, Dimensions));
            _scales[slot] = _scales[last];
            _occurred[slot] = _occurred[last];
            _ordinals[slot] = _ordinals[last];
            _ids[slot] = _ids[last];
            _pairs[slot] = _pairs[last];
            _rowScopes[slot] = _rowScopes[last];
            _slots[_ids[slot]] = slot;
        }

        _ids[last] = null!;
        _pairs[last] = null;
        _rowScopes[last] = null!;
        _linked = false;
        return true;
    }

    /// <summary>
    /// The row <paramref name="steps"/> places before (<paramref name="direction"/> -1) or after (+1)
    /// <paramref name="slot"/> in its scope's recording order, when it happened within <paramref name="window"/> of it
    /// (-1: none, or further apart).
    /// </summary>
    public int NeighborOf(int slot, int direction, int steps, TimeSpan window)
    {
        if (!_linked)
        {
            Link();
        }

        var links = direction < 0 ? _previous : _next;
        var at = slot;
        for (var i = 0; i < steps && at >= 0; i++)
        {
            at = links[at];
        }

        return at >= 0 && Math.Abs(_occurred[at] - _occurred[slot]) <= window.Ticks ? at : -1;
    }

    /// <summary>True when the memory is held.</summary>
    public bool Contains(string id) => _slots.ContainsKey(id);

    /// <summary>The row of a memory.</summary>
    public bool TryGetSlot(string id, out int slot) => _slots.TryGetValue(id, out slot);

    /// <summary>The memory id in a row.</summary>
    public string IdAt(int slot) => _ids[slot];

    /// <summary>The scope of the memory in a row.</summary>
    public MemoryScope ScopeAt(int slot) => _rowScopes[slot];

    /// <summary>When the memory in a row happened (UTC ticks).</summary>
    public long OccurredTicksAt(int slot) => _occurred[slot];

    /// <summary>Compiles a filter against this index's metadata.</summary>
    public RowFilter Compile(MemoryFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.IsEmpty)
        {
            return RowFilter.All;
        }

        var conditions = new List<HashSet<int>>(filter.Metadata.Count);
        var nothing = false;
        foreach (var condition in filter.Metadata)
        {
            var allowed = new HashSet<int>();
            foreach (var literal in condition.AnyOf)
            {
                if (_pairIds.TryGetValue(PairKey(condition.Key, literal), out var id))
                {
                    allowed.Add(id);
                }
            }

            nothing |= allowed.Count == 0;
            conditions.Add(allowed);
        }

        return new RowFilter(
            filter.OccurredAfter?.UtcTicks ?? long.MinValue,
            filter.OccurredBefore?.UtcTicks ?? long.MaxValue,
            conditions,
            nothing);
    }

    /// <summary>True when the row passes the filter.</summary>
    public bool Passes(int slot, RowFilter filter) => filter.Matches(_occurred[slot], _pairs[slot]);

    /// <summary>The approximate (int8) cosine similarity of a row to the query.</summary>
    public float Score(int slot, QuantizedQuery query) =>
        _scales[slot] * query.Scale * Int8Vectors.Dot(_codes.AsSpan(slot * Dimensions, Dimensions), query.Codes);

    /// <summary>The approximate cosine similarity of two rows (for diversity re-ranking).</summary>
    public float Similarity(int a, int b) =>
        _scales[a] * _scales[b] * Int8Vectors.Dot(_codes.AsSpan(a * Dimensions, Dimensions), _codes.AsSpan(b * Dimensions, Dimensions));

    /// <summary>The <paramref name="n"/> rows most similar to the query among those passing the filter, best first.</summary>
    public List<(int Slot, float Score)> Top(QuantizedQuery query, RowFilter filter, int n)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(filter);
        if (query.Codes.Length != Dimensions)
        {
            throw new ArgumentException($"query has {query.Codes.Length} dimensions; the index holds {Dimensions}", nameof(query));
        }

        var top = new TopN(n);
        if (n <= 0 || filter.MatchesNothing)
        {
            return top.ToList();
        }

        var codes = query.Codes;
        var scale = query.Scale;
        for (var slot = 0; slot < Count; slot++)
        {
            if (!filter.IsAll && !filter.Matches(_occurred[slot], _pairs[slot]))
            {
                continue;
            }

            top.Offer(slot, _scales[slot] * scale * Int8Vectors.Dot(_codes.AsSpan(slot * Dimensions, Dimensions), codes));
        }

        return top.ToList();
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _scales.Length)
        {
            return;
        }

        var capacity = Math.Max(needed, _scales.Length * 2);
        Array.Resize(ref _codes, capacity * Dimensions);
        Array.Resize(ref _scales, capacity);
        Array.Resize(ref _occurred, capacity);
        Array.Resize(ref _ordinals, capacity);
        Array.Resize(ref _previous, capacity);
        Array.Resize(ref _next, capacity);
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _pairs, capacity);
        Array.Resize(ref _rowScopes, capacity);
    }

    /// <summary>Orders the rows by (scope, occurredAt, ordinal) and links each to the rows beside it in its scope.</summary>
    private void Link()
    {
        var order = new int[Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var scopeOrder = new Dictionary<MemoryScope, int>();
        var keys = new LinkKey[Count];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!scopeOrder.TryGetValue(_rowScopes[i], out var scope))
            {
                scope = scopeOrder.Count;
                scopeOrder[_rowScopes[i]] = scope;
            }

            keys[i] = new LinkKey(scope, _occurred[i], _ordinals[i]);
        }

        Array.Sort(keys, order);

        for (var i = 0; i < order.Length; i++)
        {
            var slot = order[i];
            _previous[slot] = i > 0 && ReferenceEquals(_rowScopes[order[i - 1]], _rowScopes[slot]) ? order[i - 1] : -1;
            _next[slot] = i + 1 < order.Length && ReferenceEquals(_rowScopes[order[i + 1]], _rowScopes[slot]) ? order[i + 1] : -1;
        }

        _linked = true;
    }

    private readonly record struct LinkKey(int Scope, long Occurred, long Ordinal) : IComparable<LinkKey>
    {
        public int CompareTo(LinkKey other) =>
            Scope != other.Scope ? Scope.CompareTo(other.Scope)
            : Occurred != other.Occurred ? Occurred.CompareTo(other.Occurred)
            : Ordinal.CompareTo(other.Ordinal);
    }

    private MemoryScope Intern(MemoryScope scope)
    {
        if (_scopes.TryGetValue(scope, out var existing))
        {
            return existing;
        }

        _scopes[scope] = scope;
        return scope;
    }

    private int[]? InternPairs(string? metadata)
    {
        int[]? pairs = null;
        var n = 0;
        foreach (var (key, literal) in MetadataValues.Flatten(metadata))
        {
            var pairKey = PairKey(key, literal);
            if (!_pairIds.TryGetValue(pairKey, out var id))
            {
                id = _pairIds.Count;
                _pairIds[pairKey] = id;
            }

            pairs ??= new int[4];
            if (n == pairs.Length)
            {
                Array.Resize(ref pairs, n * 2);
            }

            pairs[n++] = id;
        }

        return pairs is null ? null : pairs.AsSpan(0, n).ToArray();
    }

    private static string PairKey(string key, string literal) => key + "\u0000" + literal;
}
