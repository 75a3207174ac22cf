using System.Globalization;

namespace PAI.Mcp.Client.Tools;

/// <summary>
/// Whether an MCP tool may be called in this attempt, from what the step's durable checkpoint says of the previous one.
/// An MCP tool promises no idempotency: a call is marked <c>sent</c> durably before it goes out and <c>done</c> or
/// <c>failed</c> once its answer is in. An attempt that finds <c>sent</c> (the host stopped, the connection broke or the
/// attempt timed out before the answer came) or <c>done</c> (the answer came, but the step's output was lost with the
/// host) does not call again blindly: the step fails as "unknown outcome", unless the tool is declared idempotent.
/// After <c>failed</c> (the server answered an error) another attempt may call again. Pure.
/// </summary>
public static class McpCallGuard
{
    /// <summary>What a step's failure message starts with when the outcome of an earlier call is unknown.</summary>
    public const string UnknownOutcome = "unknown outcome";

    private const string Sent = "sent";
    private const string Done = "done";
    private const string Failed = "failed";

    /// <summary>The checkpoint key for calls of the tool (checkpoints are per step, or per skill phase).</summary>
    public static string Key(string registryName) => "mcp.call:" + registryName;

    /// <summary>The mark written before the call goes out.</summary>
    public static string SentMark(int attempt) => Mark(Sent, attempt);

    /// <summary>The mark written once the server answered with a result.</summary>
    public static string DoneMark(int attempt) => Mark(Done, attempt);

    /// <summary>The mark written once the server answered with an error.</summary>
    public static string FailedMark(int attempt) => Mark(Failed, attempt);

    /// <summary>Why this attempt must not call the tool, or null when it may.</summary>
    /// <param name="mark">The checkpoint's value under <see cref="Key"/> (null: never called in this step).</param>
    /// <param name="idempotent">Whether the configuration declares the tool idempotent.</param>
    /// <param name="registryName">The tool's registry name, for the message.</param>
    /// <param name="server">The server's name, for the message.</param>
    /// <param name="tool">The tool's MCP name, for the message.</param>
    public static string? Refusal(string? mark, bool idempotent, string registryName, string server, string tool)
    {
        if (mark is null || idempotent || mark.StartsWith(Failed + ":", StringComparison.Ordinal))
        {
            return null;
        }

        var what = mark.StartsWith(Done + ":", StringComparison.Ordinal)
            ? "an earlier call answered, but the step's output was lost when the host stopped before recording it"
            : "an earlier call was interrupted (the host stopped, the connection broke or the attempt timed out) before its answer came, so it may or may not have had its effect";
        return $"{UnknownOutcome}: {what} ({registryName}, {Describe(mark)}). An MCP tool is not called again blindly; "
            + $"if calling it twice is harmless, declare it idempotent ({Servers.McpServersOptions.SectionName}:Servers:{server}:IdempotentTools: [\"{tool}\"]) and retry the goal";
    }

    private static string Mark(string state, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{state}:{attempt}");

    private static string Describe(string mark)
    {
        var colon = mark.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < mark.Length - 1 ? $"attempt {mark[(colon + 1)..]}" : "an earlier attempt";
    }
}
