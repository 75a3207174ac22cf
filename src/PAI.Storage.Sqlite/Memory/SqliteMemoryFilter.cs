using System.Text;
using Microsoft.Data.Sqlite;
using PAI.Abstractions.Memory;

namespace PAI.Storage.Sqlite.Memory;

/// <summary>
/// A <see cref="MemoryFilter"/> as SQL over the <c>memories</c> table: the time window on <c>occurred_at</c>, and per
/// metadata condition a disjunction of "the key's JSON type and value are this literal's" (<c>json_type</c> keeps
/// <c>true</c> apart from <c>1</c> and <c>"1"</c>, as <see cref="MetadataValues"/> does). Keys and values are parameters;
/// a key outside <see cref="MetadataValues.IsValidKey"/> is refused.
/// </summary>
internal static class SqliteMemoryFilter
{
    public static void Append(StringBuilder sql, SqliteCommand command, MemoryFilter filter, string alias)
    {
        if (filter.OccurredAfter is { } after)
        {
            sql.Append(" AND ").Append(alias).Append("occurred_at >= @occurredAfter");
            command.Parameters.AddWithValue("@occurredAfter", SqliteTime.Format(after));
        }

        if (filter.OccurredBefore is { } before)
        {
            sql.Append(" AND ").Append(alias).Append("occurred_at < @occurredBefore");
            command.Parameters.AddWithValue("@occurredBefore", SqliteTime.Format(before));
        }

        for (var c = 0; c < filter.Metadata.Count; c++)
        {
            var condition = filter.Metadata[c];
            if (!MetadataValues.IsValidKey(condition.Key))
            {
                throw new ArgumentException($"'{condition.Key}' cannot be a metadata filter key", nameof(filter));
            }

            var path = $"@path{c}";
            command.Parameters.AddWithValue(path, "$.\"" + condition.Key + "\"");
            sql.Append(" AND (");
            if (condition.AnyOf.Count == 0)
            {
                sql.Append('0');
            }

            for (var v = 0; v < condition.AnyOf.Count; v++)
            {
                var (kind, value) = MetadataValues.Parse(condition.AnyOf[v]);
                var name = $"@value{c}_{v}";
                sql.Append(v == 0 ? "" : " OR ");
                var type = $"json_type({alias}metadata, {path})";
                var extract = $"json_extract({alias}metadata, {path})";
                switch (kind)
                {
                    case MetadataValues.Kind.String:
                        sql.Append('(').Append(type).Append(" = 'text' AND ").Append(extract).Append(" = ").Append(name).Append(')');
                        command.Parameters.AddWithValue(name, (string)value);
                        break;
                    case MetadataValues.Kind.Number:
                        sql.Append('(').Append(type).Append(" IN ('integer', 'real') AND ").Append(extract).Append(" = ").Append(name).Append(')');
                        command.Parameters.AddWithValue(name, (double)value);
                        break;
                    case MetadataValues.Kind.True:
                        sql.Append(type).Append(" = 'true'");
                        break;
                    default:
                        sql.Append(type).Append(" = 'false'");
                        break;
                }
            }

            sql.Append(')');
        }
    }
}
