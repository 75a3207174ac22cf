using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace PAI.AppHost;

/// <summary>One PAI.Host process started by the launcher, its output prefixed and coloured.</summary>
public sealed class SiloResource(string name, int httpPort, ConsoleColor color) : IAsyncDisposable
{
    private static readonly Lock ConsoleLock = new();
    private Process? _process;

    /// <summary>The resource name (<c>silo1</c>…), also the OpenTelemetry service name suffix.</summary>
    public string Name { get; } = name;

    /// <summary>The HTTP base address.</summary>
    public Uri Url { get; } = new($"http://127.0.0.1:{httpPort}");

    /// <summary>Starts <c>dotnet PAI.Host.dll</c> with <paramref name="environment"/>.</summary>
    public void Start(string hostDll, string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { hostDll, "--urls", Url.ToString().TrimEnd('/'), "--data-dir", dataDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {Name}");
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Waits until <c>/readyz</c> answers 200; false when the process exits or the time runs out.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            if (_process is null || _process.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow start.
            }

            await Task.Delay(200, cancellationToken);
        }

        return false;
    }

    /// <summary>SIGTERM (a graceful silo shutdown), then SIGKILL after 15 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) } }))
        {
            await term!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (ConsoleLock)
        {
            Console.ForegroundColor = color;
            Console.Write($"{Name,-6} | ");
            Console.ResetColor();
            Console.WriteLine(line);
        }
    }
}
