using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using PAI.Engine;

namespace PAI.Host.Hosting;

/// <summary>Serves the sites skills publish into (<c>publish: { site: ... }</c>) at <c>/sites/{site}/...</c>.</summary>
public static class PublishedSitesExtensions
{
    /// <summary>Where published sites are served.</summary>
    public const string RequestPath = "/sites";

    /// <summary>Serves <see cref="EngineOptions.SitesRoot"/> as static files, publicly (a published post is meant to be
    /// read), with <c>index.html</c> for a folder and no caching (a post replaced by a later publish shows at once).
    /// Only what a skill's commit published is there: staging lives in the goals' workspaces, elsewhere.</summary>
    public static WebApplication UsePublishedSites(this WebApplication app)
    {
        var engine = app.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
        var root = engine.SitesRoot;

        // Skills find the live page at ${run.sitesUrl}: this host's own first address, unless configured.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (engine.SitesBaseUrl is null && app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address)
            {
                engine.SitesBaseUrl = Loopback(address).TrimEnd('/') + RequestPath;
            }
        });
        Directory.CreateDirectory(root);
        var sites = new PhysicalFileProvider(Path.GetFullPath(root));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = sites, RequestPath = RequestPath });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = sites,
            RequestPath = RequestPath,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }

    /// <summary>A wildcard listening address (<c>http://+:80</c>, <c>http://0.0.0.0:80</c>, <c>http://[::]:80</c>) as
    /// one this machine can call.</summary>
    private static string Loopback(string address)
    {
        foreach (var wildcard in new[] { "://+:", "://*:", "://0.0.0.0:", "://[::]:" })
        {
            address = address.Replace(wildcard, "://127.0.0.1:", StringComparison.Ordinal);
        }

        return address;
    }
}
