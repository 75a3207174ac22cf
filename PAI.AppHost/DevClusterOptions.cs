using Microsoft.Extensions.Configuration;

namespace PAI.AppHost;

/// <summary>
/// Settings of the development cluster, from the AppHost's configuration: <c>--silos N</c> (default 2, 1–16),
/// <c>--http-port P</c> (default 5080; silo <i>i</i> is served on P + i − 1) and <c>--data-dir DIR</c> (kept on exit;
/// default a new temporary folder, deleted on exit).
/// </summary>
public sealed record DevClusterOptions(int Silos, int HttpPort, string? DataDirectory)
{
    /// <summary>Reads and checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public static DevClusterOptions From(IConfiguration configuration)
    {
        var silos = configuration.GetValue("silos", 2);
        if (silos is < 1 or > 16)
        {
            throw new ArgumentException($"--silos must be between 1 and 16 (got {silos})");
        }

        var httpPort = configuration.GetValue("http-port", 5080);
        if (httpPort is < 1 or > 65535 - 16)
        {
            throw new ArgumentException($"--http-port must be between 1 and 65519 (got {httpPort})");
        }

        var dataDirectory = configuration["data-dir"] is { Length: > 0 } given ? Path.GetFullPath(given) : null;
        return new DevClusterOptions(silos, httpPort, dataDirectory);
    }
}
