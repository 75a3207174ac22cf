namespace PAI.Cli;

/// <summary>What <c>pai</c>'s exit status means (docs/api.md, "CLI").</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>PAI answered with an error (a 4xx or 5xx problem): the request was wrong, refused or failed.</summary>
    public const int Refused = 1;

    /// <summary>The command line was wrong, or what it names cannot be used (no key, a bad URL, an unreadable file).</summary>
    public const int Usage = 2;

    /// <summary>PAI could not be reached, or did not answer in time.</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;
}
