using Microsoft.Extensions.FileProviders;

namespace PAI.Host.Hosting;

/// <summary>
/// Serves the web console (wwwroot: plain HTML, CSS and JavaScript modules, no build step; see docs/console.md). The
/// files are public; every call the console makes to /api carries the person's key, which stays in the browser.
/// </summary>
public static class ConsoleExtensions
{
    /// <summary>
    /// What the console's pages may load: only the host's own scripts, styles and API; no inline script, no other
    /// origin, no framing. The API key lives in the page's storage, so this is what keeps injected content from
    /// reaching it or sending it anywhere.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Serves the console from the copy of wwwroot beside the binary, so it works whatever the working
    /// directory; every answer is revalidated (ETag) so an upgraded host never runs an old script.</summary>
    public static WebApplication UsePaiConsole(this WebApplication app)
    {
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers.XFrameOptions = "DENY";
                }
            },
        });
        return app;
    }
}
