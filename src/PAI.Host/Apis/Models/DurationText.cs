using System.Globalization;

namespace PAI.Host.Apis.Models;

/// <summary>Durations as the API writes them (<c>hh:mm:ss</c>, or <c>d.hh:mm:ss</c>).</summary>
public static class DurationText
{
    /// <summary>The constant ("c") format.</summary>
    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
