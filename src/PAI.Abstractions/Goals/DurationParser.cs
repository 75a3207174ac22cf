using System.Globalization;

namespace PAI.Abstractions.Goals;

/// <summary>Parses the durations people write in plans: <c>hh:mm:ss[.fff]</c> or <c>&lt;n&gt;ms|s|m|h|d</c>.</summary>
public static class DurationParser
{
    /// <summary>Parses <paramref name="text"/>; false for anything else, including negative durations.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s.Contains(':', StringComparison.Ordinal))
        {
            if (TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var parsed) && parsed >= TimeSpan.Zero)
            {
                duration = parsed;
                return true;
            }

            return false;
        }

        // "ms" must be checked before "m" and "s".
        (string Suffix, double Millis)[] units =
        [
            ("ms", 1),
            ("s", 1_000),
            ("m", 60_000),
            ("h", 3_600_000),
            ("d", 86_400_000),
        ];
        foreach (var (suffix, millis) in units)
        {
            if (!s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var number = s[..^suffix.Length].Trim();
            if (number.Length == 0
                || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                || double.IsNaN(value) || double.IsInfinity(value))
            {
                return false;
            }

            var total = value * millis;
            if (total > TimeSpan.MaxValue.TotalMilliseconds)
            {
                return false;
            }

            duration = TimeSpan.FromMilliseconds(total);
            return true;
        }

        return false;
    }
}
