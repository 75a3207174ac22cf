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
    public static readonly Option<bool> Json = new("--json") { Description = "print the JSON answer as PAI sent it (same as --output json)", Recursive = true };

    /// <summary>table (default) or json.</summary>
    public static readonly Option<string> Output = CreateOutput();

    /// <summary>True when the answer should be printed as JSON (<c>--json</c> or <c>--output json</c>).</summary>
    public static bool WantsJson(ParseResult result) => result.GetValue(Json) || result.GetValue(Output) == "json";

    /// <summary>A client from the parsed options, the environment and the configuration file, in that order.</summary>
    public static PaiApiClient Client(ParseResult result)
    {
        var url = result.GetValue(Url) ?? Environment.GetEnvironmentVariable(UrlVariable);
        url ??= CliConfig.Load().Url;
        return new PaiApiClient(url ?? DefaultUrl, KeyOf(result));
    }

    /// <summary>The API key from the parsed options, the environment or the configuration file, in that order.</summary>
    public static string? KeyOf(ParseResult result)
    {
        var key = result.GetValue(Key) ?? Environment.GetEnvironmentVariable(KeyVariable);
        return string.IsNullOrEmpty(key) ? CliConfig.Load().Key : key;
    }

    private static Option<string> CreateOutput()
    {
        var output = new Option<string>("--output", "-o") { Description = "table or json", Recursive = true, DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        return output;
    }
}
