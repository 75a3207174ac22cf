using System.CommandLine;

namespace PAI.Cli.Commands;

/// <summary>Options every command takes.</summary>
public static class GlobalOptions
{
    /// <summary>The environment variable holding the API key.</summary>
    public const string KeyVariable = "PAI_API_KEY";

    /// <summary>The environment variable holding PAI's address.</summary>
    public const string UrlVariable = "PAI_URL";

    /// <summary>Where PAI listens when nothing says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Where PAI listens.</summary>
    public static readonly Option<string?> Url = new("--url")
    {
        Description = $"PAI's address (default: ${UrlVariable}, else {DefaultUrl})",
        Recursive = true,
    };

    /// <summary>
    /// The API key. Deliberately without a default value: System.CommandLine prints an option's default in
    /// <c>--help</c>, and a key read from the environment must never be printed. It is read in <see cref="Client"/>.
    /// </summary>
    public static readonly Option<string?> Key = new("--key")
    {
        Description = $"API key (default: ${KeyVariable}; prefer the variable: arguments are visible to other users)",
        Recursive = true,
    };

    /// <summary>Prints raw JSON instead of tables.</summary>
    public static readonly Option<bool> Json = new("--json") { Description = "print the JSON answer as PAI sent it", Recursive = true };

    /// <summary>A client from the parsed options and the environment.</summary>
    public static PaiApiClient Client(ParseResult result) => new(
        result.GetValue(Url) ?? Environment.GetEnvironmentVariable(UrlVariable) ?? DefaultUrl,
        KeyOf(result));

    /// <summary>The API key from the parsed options or the environment.</summary>
    public static string? KeyOf(ParseResult result) => result.GetValue(Key) ?? Environment.GetEnvironmentVariable(KeyVariable);
}
