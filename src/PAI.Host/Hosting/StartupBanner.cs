using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PAI.Host.Hosting;

/// <summary>
/// Ends start-up with a short summary on the console: where PAI listens, its mode, its data folder and, on a first
/// start only, the admin key. Written to the console directly, never through <see cref="ILogger"/>, so the key does not
/// reach log collectors.
/// </summary>
public sealed class StartupBanner(IServer server, PaiHostOptions options, FirstStartKey firstStart, IHostApplicationLifetime lifetime) : IHostedService
{
    /// <summary>The first line of the banner.</summary>
    public const string Title = "PAI is ready";

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStarted fires once every hosted service, the HTTP server included, has started.
        lifetime.ApplicationStarted.Register(() =>
        {
            var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.Out.Write(Format(urls, options.ClusterMode, options.DataDirectory, firstStart));
            Console.Out.Flush();
            firstStart.Forget();
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The banner's text.</summary>
    public static string Format(IEnumerable<string> urls, bool clusterMode, string dataDirectory, FirstStartKey firstStart)
    {
        ArgumentNullException.ThrowIfNull(firstStart);
        var text = new StringBuilder();
        text.AppendLine().AppendLine(Title);
        foreach (var url in urls)
        {
            text.AppendLine($"  url          {url}");
        }

        text.AppendLine($"  mode         {(clusterMode ? "cluster (PostgreSQL)" : "embedded (SQLite)")}");
        text.AppendLine($"  data folder  {dataDirectory}");
        if (firstStart.Generated is { } key)
        {
            text.AppendLine($"  admin key    {key}");
            text.AppendLine("               (first start: shown this once and never again; store it now)");
        }
        else if (firstStart.FromEnvironment)
        {
            text.AppendLine("  admin key    the one in PAI_API_KEY (first start)");
        }

        return text.AppendLine().ToString();
    }
}
