using System.Globalization;
using PAI.Host.Apis.Json;

namespace PAI.Host.Apis.Paging;

/// <summary>The paging parameters every list endpoint takes: <c>limit</c> (1-500, default 50) and <c>cursor</c>.</summary>
/// <param name="Limit">Items per page.</param>
/// <param name="After">The decoded cursor: where the previous page ended; null for the first page.</param>
public sealed record PageQuery(int Limit, IReadOnlyList<string>? After)
{
    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;

    /// <summary>
    /// Parses the query parameters of a request to <paramref name="list"/>, whose cursors hold
    /// <paramref name="cursorParts"/> parts; adds one error per bad parameter.
    /// </summary>
    public static PageQuery Parse(string? limit, string? cursor, string list, int cursorParts, List<FieldError> errors)
    {
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            errors.Add(new("limit", $"must be an integer from 1 to {MaxLimit}"));
            size = DefaultLimit;
        }

        string[]? after = null;
        if (cursor is not null)
        {
            if (PageCursor.TryDecode(cursor, list, cursorParts, out var parts))
            {
                after = parts;
            }
            else
            {
                errors.Add(new("cursor", $"'{PageCursor.Describe(cursor)}' is not a cursor of this list: pass the nextCursor of a previous answer unchanged"));
            }
        }

        return new PageQuery(size, after);
    }
}
