using System.Globalization;
using PAI.Host.Apis.Json;

namespace PAI.Host.Apis.Feed;

/// <summary>Reads a position in a goal's feed (an event id) as a watcher sends it back.</summary>
public static class FeedPosition
{
    private const int MaxDigits = 19;

    /// <summary>Null for no position; else a non-negative event id, or an error naming <paramref name="field"/>.</summary>
    public static long? Parse(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length <= MaxDigits && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            return position;
        }

        var shown = text.Length > 40 ? string.Concat(text.AsSpan(0, 40), "…") : text;
        errors.Add(new FieldError(field, $"'{shown}' is not an event id (a non-negative integer)"));
        return null;
    }
}
