using System.Net;
using System.Text;

namespace PAI.Host.Tests.Infrastructure;

/// <summary>A loopback HTTP server that answers 503 to its first <c>failures</c> requests and 200 after that.</summary>
public sealed class FlakyHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly int _failures;
    private int _requests;

    private FlakyHttpServer(int failures)
    {
        _failures = failures;
        var port = PAI.Testing.ProcessReadiness.FreePort();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Where it listens.</summary>
    public string Url { get; }

    /// <summary>How many requests it has answered.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts a server that fails <paramref name="failures"/> times.</summary>
    public static FlakyHttpServer Start(int failures) => new(failures);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // Stopped while waiting for a request.
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
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var n = Interlocked.Increment(ref _requests);
            context.Response.StatusCode = n <= _failures ? 503 : 200;
            var body = Encoding.UTF8.GetBytes(n <= _failures ? "busy" : "{\"ok\":true}");
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
