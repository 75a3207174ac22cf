namespace PAI.Abstractions.Knowledge;

/// <summary>
/// The one definition of how facts enter the graph, shared by both stores (pure: the store reads the current facts of
/// the write's (subject, predicate) pairs, calls <see cref="Plan"/>, and applies the plan in the same transaction).
/// Facts apply in order, each against the current facts including the write's earlier ones:
/// <list type="bullet">
/// <item>a current fact with the same object or value whose validity overlaps is the same fact: its id is answered and it gains the episode as a source;</item>
/// <item>a single-valued fact meeting a current fact with another object over an overlapping time: the later start wins.
/// A current fact that started at or before the new one is retired (<c>invalidatedAt</c> = now, <c>supersededBy</c> the
/// new fact; never deleted); a current fact that starts after the new one cuts the new one short (its <c>validTo</c>
/// becomes that start). Both are reported.</item>
/// </list>
/// </summary>
public static class FactIngestPlanner
{
    /// <summary>Plans <paramref name="facts"/> against <paramref name="current"/> (the stored, not retired facts of the same (subject, predicate) pairs).</summary>
    public static FactIngestPlan Plan(IReadOnlyList<ResolvedFact> facts, IEnumerable<GraphFact> current, DateTimeOffset now, Func<string> newId)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(newId);
        var pool = new Dictionary<(string, string), List<GraphFact>>();
        foreach (var fact in current)
        {
            if (fact.InvalidatedAt is null)
            {
                Bucket(pool, fact.SubjectId, fact.Predicate).Add(fact);
            }
        }

        var ids = new string[facts.Count];
        var inserted = new List<GraphFact>();
        var insertedAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var invalidations = new List<(string, string)>();
        var conflicts = new List<FactConflict>();
        for (var i = 0; i < facts.Count; i++)
        {
            var fact = facts[i];
            var bucket = Bucket(pool, fact.SubjectId, fact.Predicate);
            var same = bucket.FirstOrDefault(f => SameObject(f, fact) && f.Overlaps(fact.ValidFrom, fact.ValidTo));
            if (same is not null)
            {
                ids[i] = same.Id;
                continue;
            }

            var id = newId();
            var validTo = fact.ValidTo;
            var pending = new List<FactConflict>();
            if (fact.Single)
            {
                // Current facts that start later cut the new fact short; the earliest of them decides where.
                foreach (var later in bucket.Where(f => !SameObject(f, fact) && f.ValidFrom > fact.ValidFrom && f.Overlaps(fact.ValidFrom, validTo)).OrderBy(f => f.ValidFrom).Take(1))
                {
                    validTo = later.ValidFrom;
                    pending.Add(new FactConflict(i, id, FactConflictKind.Truncated, later));
                }

                foreach (var earlier in bucket.Where(f => !SameObject(f, fact) && f.ValidFrom <= fact.ValidFrom && f.Overlaps(fact.ValidFrom, validTo)).ToList())
                {
                    bucket.Remove(earlier);
                    pending.Add(new FactConflict(i, id, FactConflictKind.Superseded, earlier));
                    if (insertedAt.TryGetValue(earlier.Id, out var at))
                    {
                        inserted[at] = inserted[at] with { InvalidatedAt = now, SupersededBy = id };
                    }
                    else
                    {
                        invalidations.Add((earlier.Id, id));
                    }
                }
            }

            var stored = new GraphFact(id, fact.SubjectId, fact.Predicate, fact.ObjectId, fact.Value, fact.Single, fact.ValidFrom, validTo, now, null, null);
            insertedAt[id] = inserted.Count;
            inserted.Add(stored);
            bucket.Add(stored);
            conflicts.AddRange(pending);
            ids[i] = id;
        }

        return new FactIngestPlan(ids, inserted, invalidations, conflicts);
    }

    private static bool SameObject(GraphFact stored, ResolvedFact fact) =>
        string.Equals(stored.ObjectId, fact.ObjectId, StringComparison.Ordinal) && string.Equals(stored.Value, fact.Value, StringComparison.Ordinal);

    private static List<GraphFact> Bucket(Dictionary<(string, string), List<GraphFact>> pool, string subject, string predicate)
    {
        if (!pool.TryGetValue((subject, predicate), out var bucket))
        {
            bucket = [];
            pool[(subject, predicate)] = bucket;
        }

        return bucket;
    }
}
