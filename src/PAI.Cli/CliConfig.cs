using System.Text.Json;

namespace PAI.Cli;

/// <summary>
/// <c>~/.config/pai/config.json</c> (or <c>$PAI_CONFIG</c>): <c>{ "url": "...", "key": "..." }</c>, below the options
/// and the environment. The key, when kept here, should be in a file only its owner can read.
/// </summary>
public sealed record CliConfig(string? Url, string? Key)
{
    /// <summary>The environment variable naming another configuration file.</summary>
    public const string PathVariable = "PAI_CONFIG";

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The configuration file's path.</summary>
    public static string FilePath => Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path
        ? path
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "pai", "config.json");

    /// <summary>The configuration; empty when there is no file.</summary>
    public static CliConfig Load()
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return new CliConfig(null, null);
        }

        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path), Options) ?? new CliConfig(null, null);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // The message names the file and the position, never its content (it may hold a key).
            throw new PaiCliException($"cannot read {path}: {(ex is JsonException json ? $"not valid JSON at line {json.LineNumber + 1}" : ex.Message)}", ExitCodes.Usage);
        }
    }
}
