namespace PAI.Cli;

/// <summary>A failure to report as one readable line and a non-zero exit code (<see cref="ExitCodes"/>).</summary>
public sealed class PaiCliException(string message, int exitCode = ExitCodes.Refused) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
