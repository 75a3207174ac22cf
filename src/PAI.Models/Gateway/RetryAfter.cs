using System.ClientModel;
using System.Globalization;

namespace PAI.Models.Gateway;

/// <summary>Reads how long a server asked to be left alone (<c>retry-after-ms</c>, <c>Retry-After</c> in seconds or as an
/// HTTP date), and tells transient failures from the rest.</summary>
public static class RetryAfter
{
    /// <summary>The longest wait honoured; a server asking for more gets retried after this.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    /// <summary>The delay the failed response asked for, or null.</summary>
    public static TimeSpan? Of(Exception exception, DateTimeOffset now)
    {
        if (exception is not ClientResultException { } failed || failed.GetRawResponse() is not { } response)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return Cap(TimeSpan.FromMilliseconds(millis));
        }

        return response.Headers.TryGetValue("Retry-After", out var value) ? Parse(value, now) : null;
    }

    /// <summary>Parses a <c>Retry-After</c> value: delta seconds or an HTTP date.</summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 64)
        {
            return null;
        }

        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds < 0 || double.IsNaN(seconds) ? null : Cap(TimeSpan.FromSeconds(Math.Min(seconds, Max.TotalSeconds)));
        }

        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? Cap(at > now ? at - now : TimeSpan.Zero)
            : null;
    }

    /// <summary>True for failures another attempt may cure: 408, 409, 429, 5xx, network errors, timeouts.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ClientResultException { Status: 408 or 409 or 429 or >= 500 } => true,
        ClientResultException { Status: 0 } failed => failed.InnerException is HttpRequestException or IOException,
        HttpRequestException or IOException or TimeoutException or Polly.Timeout.TimeoutRejectedException => true,
        _ => false,
    };

    private static TimeSpan Cap(TimeSpan delay) => delay > Max ? Max : delay;
}
