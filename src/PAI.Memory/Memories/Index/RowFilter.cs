namespace PAI.Memory.Memories.Index;

/// <summary>A <see cref="PAI.Abstractions.Memory.MemoryFilter"/> compiled against one index's interned metadata.</summary>
internal sealed class RowFilter
{
    /// <summary>The filter that lets every row through.</summary>
    public static RowFilter All { get; } = new(long.MinValue, long.MaxValue, [], matchesNothing: false);

    /// <summary>Creates a compiled filter.</summary>
    public RowFilter(long fromTicks, long toTicks, IReadOnlyList<HashSet<int>> conditions, bool matchesNothing)
    {
        FromTicks = fromTicks;
        ToTicks = toTicks;
        Conditions = conditions;
        MatchesNothing = matchesNothing;
        IsAll = !matchesNothing && conditions.Count == 0 && fromTicks == long.MinValue && toTicks == long.MaxValue;
    }

    /// <summary>Inclusive lower bound on occurredAt (UTC ticks).</summary>
    public long FromTicks { get; }

    /// <summary>Exclusive upper bound on occurredAt (UTC ticks).</summary>
    public long ToTicks { get; }

    /// <summary>Per metadata condition, the interned (key, value) pairs that satisfy it.</summary>
    public IReadOnlyList<HashSet<int>> Conditions { get; }

    /// <summary>True when no row can match (a condition names only values no row has).</summary>
    public bool MatchesNothing { get; }

    /// <summary>True when every row matches.</summary>
    public bool IsAll { get; }

    /// <summary>True when a row with these occurredAt ticks and metadata pairs passes.</summary>
    public bool Matches(long occurredTicks, int[]? pairs)
    {
        if (IsAll)
        {
            return true;
        }

        if (MatchesNothing || occurredTicks < FromTicks || occurredTicks >= ToTicks)
        {
            return false;
        }

        foreach (var condition in Conditions)
        {
            if (pairs is null || !AnyIn(pairs, condition))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyIn(int[] pairs, HashSet<int> allowed)
    {
        foreach (var pair in pairs)
        {
            if (allowed.Contains(pair))
            {
                return true;
            }
        }

        return false;
    }
}
