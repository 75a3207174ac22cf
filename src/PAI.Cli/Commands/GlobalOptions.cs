using System.CommandLine;

namespace PAI.Cli.Commands;

/// <summary>Options every command takes.</summary>
public static class GlobalOptions
{
    /// <summary>Where PAI listens.</summary>
    public static readonly Option<string> Url = new("--url")
    {
        Description = "PAI's address (default: PAI_URL or http://127.0.0.1:5080)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PAI_URL") ?? "http://127.0.0.1:5080",
    };

    /// <summary>The API key.</summary>
    public static readonly Option<string?> Key = new("--key")
    {
        Description = "API key (default: PAI_API_KEY)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PAI_API_KEY"),
    };

    /// <summary>Prints raw JSON instead of tables.</summary>
    public static readonly Option<bool> Json = new("--json") { Description = "print the raw JSON answer", Recursive = true };

    /// <summary>A client from the parsed options.</summary>
    public static PaiApiClient Client(ParseResult result) => new(result.GetValue(Url)!, result.GetValue(Key));
}
