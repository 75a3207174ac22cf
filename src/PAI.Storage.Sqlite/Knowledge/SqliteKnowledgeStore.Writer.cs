using Microsoft.Data.Sqlite;
using PAI.Abstractions.Knowledge;

namespace PAI.Storage.Sqlite.Knowledge;

/// <summary>One graph write on the writer connection.</summary>
public sealed partial class SqliteKnowledgeStore
{
    private sealed class Writer(SqliteConnection connection, SqliteTransaction transaction, GraphWrite write) : IDisposable
    {
        private readonly string _principal = write.Episode.Principal;
        private readonly string _episode = write.Episode.Id;
        private readonly DateTimeOffset _now = write.Episode.RecordedAt;
        private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
        private SqliteCommand? _findKey;
        private SqliteCommand? _insertKey;
        private SqliteCommand? _insertEntity;

        public GraphWriteResult Run()
        {
            try
            {
                using (var existing = SqliteCommands.Create(connection, transaction, "SELECT fact_ids FROM kg_episodes WHERE id = @id AND principal = @p;", "@id", "@p"))
                {
                    if (existing.Set("@id", _episode).Set("@p", _principal).ExecuteScalar() is string stored)
                    {
                        return new GraphWriteResult(FromJson(stored), [], [], Replayed: true);
                    }
                }

                var entityIds = new List<string>();
                using (var mention = SqliteCommands.Create(connection, transaction, "INSERT OR IGNORE INTO kg_entity_sources (entity_id, episode_id, principal) VALUES (@e, @ep, @p);", "@e", "@ep", "@p"))
                {
                    foreach (var m in write.Mentions)
                    {
                        var id = Resolve(m);
                        entityIds.Add(id);
                        mention.Set("@e", id).Set("@ep", _episode).Set("@p", _principal).ExecuteNonQuery();
                    }
                }

                var resolved = new List<ResolvedFact>(write.Facts.Count);
                foreach (var fact in write.Facts)
                {
                    var subject = Resolve(fact.Subject);
                    var obj = fact.Object is null ? null : Resolve(fact.Object);
                    entityIds.Add(subject);
                    if (obj is not null)
                    {
                        entityIds.Add(obj);
                    }

                    resolved.Add(new ResolvedFact(subject, fact.Predicate, obj, fact.Value, fact.ValidFrom, fact.ValidTo, fact.Single));
                }

                var plan = FactIngestPlanner.Plan(resolved, ReadCurrent(resolved), _now, NewFactId);
                Apply(plan);
                using (var episode = SqliteCommands.Create(connection, transaction, """
                    INSERT INTO kg_episodes (id, principal, kind, source, content, occurred_at, recorded_at, fact_ids)
                    VALUES (@id, @p, @kind, @source, @content, @occurred, @recorded, @facts);
                    """, "@id", "@p", "@kind", "@source", "@content", "@occurred", "@recorded", "@facts"))
                {
                    var e = write.Episode;
                    episode.Set("@id", e.Id).Set("@p", _principal).Set("@kind", e.Kind).Set("@source", e.Source).Set("@content", e.Content)
                        .Set("@occurred", SqliteTime.Format(e.OccurredAt)).Set("@recorded", SqliteTime.Format(e.RecordedAt)).Set("@facts", Json(plan.FactIds))
                        .ExecuteNonQuery();
                }

                return new GraphWriteResult(plan.FactIds, plan.Conflicts, entityIds, Replayed: false);
            }
            finally
            {
                Dispose();
            }
        }

        public void Dispose()
        {
            _findKey?.Dispose();
            _insertKey?.Dispose();
            _insertEntity?.Dispose();
        }

        private string Resolve(EntityMention mention)
        {
            string? found = null;
            foreach (var key in mention.Keys)
            {
                if (_keys.TryGetValue(key, out found))
                {
                    break;
                }

                _findKey ??= SqliteCommands.Create(connection, transaction, "SELECT entity_id FROM kg_entity_keys WHERE principal = @p AND key = @k;", "@p", "@k");
                found = _findKey.Set("@p", _principal).Set("@k", key).ExecuteScalar() as string;
                if (found is not null)
                {
                    break;
                }
            }

            if (found is null)
            {
                found = "e_" + Guid.CreateVersion7().ToString("N");
                _insertEntity ??= SqliteCommands.Create(connection, transaction, """
                    INSERT INTO kg_entities (id, principal, name, type, created_at, embed_model) VALUES (@id, @p, @name, @type, @at, @model);
                    """, "@id", "@p", "@name", "@type", "@at", "@model");
                _insertEntity.Set("@id", found).Set("@p", _principal).Set("@name", mention.Name).Set("@type", mention.Type)
                    .Set("@at", SqliteTime.Format(_now)).Set("@model", EntityKeys.IsSystemType(mention.Type) ? NoEmbedding : null)
                    .ExecuteNonQuery();
            }

            foreach (var key in mention.Keys)
            {
                if (_keys.TryAdd(key, found))
                {
                    _insertKey ??= SqliteCommands.Create(connection, transaction, "INSERT OR IGNORE INTO kg_entity_keys (principal, key, entity_id) VALUES (@p, @k, @e);", "@p", "@k", "@e");
                    _insertKey.Set("@p", _principal).Set("@k", key).Set("@e", found).ExecuteNonQuery();
                }
            }

            return found;
        }

        private List<GraphFact> ReadCurrent(List<ResolvedFact> facts)
        {
            var current = new List<GraphFact>();
            using var select = SqliteCommands.Create(connection, transaction, $"SELECT {FactColumns} FROM kg_facts WHERE subject_id = @s AND predicate = @pr AND invalidated_at IS NULL;", "@s", "@pr");
            foreach (var (subject, predicate) in facts.Select(f => (f.SubjectId, f.Predicate)).Distinct())
            {
                using var reader = select.Set("@s", subject).Set("@pr", predicate).ExecuteReader();
                while (reader.Read())
                {
                    current.Add(ReadFact(reader));
                }
            }

            return current;
        }

        private void Apply(FactIngestPlan plan)
        {
            using (var invalidate = SqliteCommands.Create(connection, transaction, "UPDATE kg_facts SET invalidated_at = @at, superseded_by = @by WHERE id = @id AND invalidated_at IS NULL;", "@at", "@by", "@id"))
            {
                foreach (var (id, by) in plan.Invalidations)
                {
                    invalidate.Set("@at", SqliteTime.Format(_now)).Set("@by", by).Set("@id", id).ExecuteNonQuery();
                }
            }

            using (var insert = SqliteCommands.Create(connection, transaction, $"""
                INSERT INTO kg_facts (principal, {FactColumns}) VALUES (@p, @id, @s, @pr, @o, @v, @single, @from, @to, @rec, @inv, @by);
                """, "@p", "@id", "@s", "@pr", "@o", "@v", "@single", "@from", "@to", "@rec", "@inv", "@by"))
            {
                foreach (var f in plan.NewFacts)
                {
                    insert.Set("@p", _principal).Set("@id", f.Id).Set("@s", f.SubjectId).Set("@pr", f.Predicate).Set("@o", f.ObjectId).Set("@v", f.Value)
                        .Set("@single", f.Single ? 1 : 0).Set("@from", SqliteTime.Format(f.ValidFrom)).Set("@to", SqliteCommands.Time(f.ValidTo))
                        .Set("@rec", SqliteTime.Format(f.RecordedAt)).Set("@inv", SqliteCommands.Time(f.InvalidatedAt)).Set("@by", f.SupersededBy)
                        .ExecuteNonQuery();
                }
            }

            using var source = SqliteCommands.Create(connection, transaction, "INSERT OR IGNORE INTO kg_fact_sources (fact_id, episode_id, principal, ordinal) VALUES (@f, @e, @p, @o);", "@f", "@e", "@p", "@o");
            for (var i = 0; i < plan.FactIds.Count; i++)
            {
                source.Set("@f", plan.FactIds[i]).Set("@e", _episode).Set("@p", _principal).Set("@o", i).ExecuteNonQuery();
            }
        }
    }
}
