namespace PAI.Engine.Tools;

/// <summary>Tool settings (configuration section <c>Pai:Tools</c>): per-tool overrides and <c>process.run</c>'s allow-list.</summary>
public sealed class ToolsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Tools";

    /// <summary>Per tool name: permission, rate limit, timeout, output cap or approval replacing the tool's own.</summary>
    public Dictionary<string, ToolOverride> Overrides { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Executables <c>process.run</c> may start: absolute paths, or bare names looked up on PATH.</summary>
    public List<string> AllowedExecutables { get; set; } = [];

    /// <summary>Largest stdout (and, separately, stderr) kept from one process, in bytes.</summary>
    public int ProcessMaxOutputBytes { get; set; } = 64 * 1024;

    /// <summary>A process's time limit when the input names none.</summary>
    public TimeSpan ProcessDefaultTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
