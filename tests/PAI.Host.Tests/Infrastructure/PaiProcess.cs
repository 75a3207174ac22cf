using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

using PAI.Testing;

namespace PAI.Host.Tests.Infrastructure;

/// <summary>
/// Runs the real PAI host as a separate process, the way README tells a person to, so that tests can kill -9 it.
/// The data folder outlives the process; <see cref="StartAsync"/> again on the same folder is a restart.
/// </summary>
public sealed class PaiProcess : IAsyncDisposable
{
    /// <summary>The admin key every test host is given through PAI_API_KEY.</summary>
    public const string ApiKey = "pai_test_key_0123456789abcdefghijklmnop";

    private readonly StringBuilder _output = new();
    private readonly bool _shippedSettings;
    private Process? _process;

    private PaiProcess(string dataDirectory, int port, bool shippedSettings = false)
    {
        DataDirectory = dataDirectory;
        Port = port;
        _shippedSettings = shippedSettings;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    /// <summary>The data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>The HTTP port.</summary>
    public int Port { get; }

    /// <summary>A client with the admin key.</summary>
    public HttpClient Client { get; }

    /// <summary>When the current process was started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Everything the process printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The workspace folder of a goal.</summary>
    public string WorkspaceOf(string goalId) => Path.Combine(DataDirectory, "workspaces", goalId);

    /// <summary>Creates a host on a new data folder (prepared by <paramref name="seed"/>, when given) and starts it.</summary>
    public static async Task<PaiProcess> StartNewAsync(IDictionary<string, string>? environment = null, Func<string, Task>? seed = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pai-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        if (seed is not null)
        {
            await seed(dir);
        }

        var host = new PaiProcess(dir, ProcessReadiness.FreePort());
        await host.StartAsync(environment);
        return host;
    }

    /// <summary>Creates a host on a new data folder and starts it as a person would: no <c>PAI_API_KEY</c> (it prints a
    /// generated key; see <see cref="UseKey"/>), no logging overrides, the Production environment.</summary>
    public static async Task<PaiProcess> StartWithShippedSettingsAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pai-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var host = new PaiProcess(dir, ProcessReadiness.FreePort(), shippedSettings: true);
        await host.StartAsync();
        return host;
    }

    /// <summary>Makes <see cref="Client"/> authenticate with <paramref name="key"/>.</summary>
    public void UseKey(string key) => Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

    /// <summary>Creates a host on <paramref name="dataDirectory"/> (e.g. a small filesystem the test controls) and starts it.</summary>
    public static async Task<PaiProcess> StartInAsync(string dataDirectory, IDictionary<string, string>? environment = null)
    {
        var host = new PaiProcess(dataDirectory, ProcessReadiness.FreePort());
        await host.StartAsync(environment);
        return host;
    }

    /// <summary>Starts (or restarts) the process and waits until /readyz answers 200.</summary>
    /// <remarks>
    /// A host that dies binding a port another process took between our free-port probe and its bind is started
    /// again (the host picks fresh silo ports each start); any other early exit fails the test with the output.
    /// </remarks>
    public async Task StartAsync(IDictionary<string, string>? environment = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync(environment);
                return;
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                lock (_output)
                {
                    _output.AppendLine($"-- start attempt {attempt} lost a port race; starting again");
                }
            }
        }
    }

    private async Task StartOnceAsync(IDictionary<string, string>? environment)
    {
        var dll = typeof(PaiProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PaiHostDll").Value!;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.GetFullPath(dll), "--urls", $"http://127.0.0.1:{Port}", "--data-dir", DataDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_shippedSettings)
        {
            foreach (var inherited in info.Environment.Keys.Where(k => k is "PAI_API_KEY" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT" || k.StartsWith("Logging__", StringComparison.Ordinal)).ToList())
            {
                info.Environment.Remove(inherited);
            }
        }
        else
        {
            info.Environment["PAI_API_KEY"] = ApiKey;
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            info.Environment["Logging__LogLevel__PAI"] = "Information";
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        StartedAt = DateTimeOffset.UtcNow;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync();
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush. What was acknowledged must already be in the store.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: temp folder.
        }
    }

    private Task WaitReadyAsync() =>
        ProcessReadiness.WaitReadyAsync(_process!, Client.BaseAddress!, TimeSpan.FromSeconds(60), "PAI host", () => Output);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
