using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PAI.Schedules;

/// <summary>
/// The ids that make a fire exactly-once: a schedule's fire at time T always submits the goal
/// <c>g_&lt;schedule id&gt;_&lt;T as yyyyMMddTHHmmssZ&gt;</c> with the same body digest, so a fire repeated after a crash or
/// a failover finds that goal (a duplicate) instead of making another. Every goal of a schedule shares the prefix
/// <see cref="PrefixOf"/>, which is how <c>GET /api/goals?schedule=</c> finds them.
/// </summary>
public static class ScheduleGoalIds
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>A new schedule id: <c>s_</c> and 32 hex digits.</summary>
    public static string NewScheduleId() => "s_" + Guid.CreateVersion7().ToString("N");

    /// <summary>The schedule id an idempotency key names for a principal (a retried create finds the same schedule).</summary>
    public static string ScheduleIdFor(string principal, string idempotencyKey) =>
        "s_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("schedule\n" + principal + "\n" + idempotencyKey)))[..32];

    /// <summary>True for a well-formed schedule id.</summary>
    public static bool IsScheduleId(string id) =>
        id.Length == 34 && id.StartsWith("s_", StringComparison.Ordinal) && !id.AsSpan(2).ContainsAnyExcept(LowerHex);

    /// <summary>The prefix of every goal id of a schedule.</summary>
    public static string PrefixOf(string scheduleId) => "g_" + scheduleId + "_";

    /// <summary>The goal id of one fire (fire times are whole seconds).</summary>
    public static string GoalIdOf(string scheduleId, DateTimeOffset fireTime) =>
        PrefixOf(scheduleId) + fireTime.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The body digest of one fire's goal.</summary>
    public static string DigestOf(string scheduleId, DateTimeOffset fireTime) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            "schedule-fire\n" + scheduleId + "\n" + fireTime.UtcTicks.ToString(CultureInfo.InvariantCulture))));
}
