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
        var root = app.Services.GetRequiredService<IOptions<EngineOptions>>().Value.SitesRoot;
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
}
