using System.Globalization;
using PAI.Host.Apis.Json;

namespace PAI.Host.Apis;

/// <summary>Times in query strings: ISO 8601 with an offset (<c>2026-03-01T09:00:00Z</c>); anything else is an error naming the parameter.</summary>
public static class QueryTime
{
    /// <summary>The time in <paramref name="value"/>, null when absent; adds an error when it is not a time with an offset.</summary>
    public static DateTimeOffset? Parse(string? value, string name, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is null)
        {
            return null;
        }

        if (value.Length <= 40
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            && (value.EndsWith('Z') || value.EndsWith('z') || value.LastIndexOfAny(['+', '-']) > value.IndexOf('T', StringComparison.Ordinal)))
        {
            return at;
        }

        errors.Add(new FieldError(name, "must be an ISO 8601 time with an offset, e.g. 2026-03-01T09:00:00Z"));
        return null;
    }
}
