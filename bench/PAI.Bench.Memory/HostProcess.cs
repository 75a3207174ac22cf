using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace PAI.Bench.Memory;

/// <summary>The real PAI host as a child process on a data folder, reached over HTTP with an admin key.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>The admin key the host is started with.</summary>
    public const string ApiKey = "pai_bench_key_0123456789abcdefghijklmnop";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, Uri address)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    /// <summary>A client with the admin key.</summary>
    public HttpClient Client { get; }

    /// <summary>The host's main assembly (Release build beside the bench).</summary>
    public static string DefaultDll => typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PaiHostDll").Value!;

    /// <summary>Starts the host on <paramref name="dataDirectory"/> with extra environment and waits until it is ready.</summary>
    public static async Task<HostProcess> StartAsync(string dll, string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.GetFullPath(dll), "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PAI_API_KEY"] = ApiKey;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var host = new HostProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        await host.WaitReadyAsync();
        return host;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Client.Dispose();
    }

    private async Task WaitReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("the PAI host exited:\n" + Output());
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the PAI host was not ready in 3 minutes:\n" + Output());
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>A free loopback TCP port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
