using System.Net;
using System.Net.Sockets;

namespace PAI.Browser.Tests;

/// <summary>A real HTTP server (HttpListener) serving a temp folder: 404 for what is not there.</summary>
internal sealed class StaticSite : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public StaticSite()
    {
        Directory.CreateDirectory(Root);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "pai-browser-tests", Guid.NewGuid().ToString("N"));

    public string BaseUrl { get; }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or AggregateException)
        {
            // Best effort: a temp folder.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = Path.Combine(Root, Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/')));
            if (File.Exists(path))
            {
                context.Response.ContentType = path.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "text/html; charset=utf-8";
                var bytes = await File.ReadAllBytesAsync(path);
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }
}
