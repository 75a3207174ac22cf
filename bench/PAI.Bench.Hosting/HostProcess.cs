using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace PAI.Bench.Hosting;

/// <summary>
/// The real PAI host (<c>PAI.Host.dll</c> built beside the benchmark) as a child process on one data folder, reached
/// over HTTP with an admin key: start, SIGKILL, start again, and read its CPU time and resident memory.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>The admin key the host is started with.</summary>
    public const string ApiKey = "pai_bench_host_key_0123456789abcdefghijkl";

    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    /// <summary>A host on a new temporary data folder; <paramref name="environment"/> is added to the process's.</summary>
    public HostProcess(IReadOnlyDictionary<string, string>? environment = null)
    {
        _environment = environment ?? new Dictionary<string, string>();
        DataDirectory = Path.Combine(Path.GetTempPath(), "pai-bench-host", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 64 };
        Client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromMinutes(5) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    /// <summary>The host's data folder (deleted on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>The loopback port the host listens on.</summary>
    public int Port { get; }

    /// <summary>A keep-alive client with the admin key.</summary>
    public HttpClient Client { get; }

    /// <summary>When the current process was started (Stopwatch ticks).</summary>
    public long StartedAt { get; private set; }

    /// <summary>When the current process first answered /readyz with 200 (Stopwatch ticks).</summary>
    public long ReadyAt { get; private set; }

    /// <summary><see cref="ReadyAt"/> as a wall-clock time, to compare with the host's own timestamps.</summary>
    public DateTimeOffset ReadyAtUtc { get; private set; }

    /// <summary>The host's main assembly, as built for the benchmark's configuration, or the one
    /// <c>PAI_BENCH_HOST_DLL</c> names (another build of the host, to compare two builds with one benchmark).</summary>
    public static string HostDll => Path.GetFullPath(
        Environment.GetEnvironmentVariable("PAI_BENCH_HOST_DLL") is { Length: > 0 } other ? other
        : typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PaiHostDll").Value!);

    /// <summary>The folder a goal's tools write in.</summary>
    public string WorkspaceOf(string goalId) => Path.Combine(DataDirectory, "workspaces", goalId);

    /// <summary>CPU time (user + system) the current process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException("the host is not running");
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Resident memory of the current process, in bytes.</summary>
    public long ResidentBytes
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException("the host is not running");
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    /// <summary>Starts the host as README does (<c>dotnet PAI.Host.dll</c>) and waits until <c>/readyz</c> answers 200.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { HostDll, "--urls", $"http://127.0.0.1:{Port}", "--data-dir", DataDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PAI_API_KEY"] = ApiKey;
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }

        StartedAt = Stopwatch.GetTimestamp();
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    ReadyAt = Stopwatch.GetTimestamp();
                    ReadyAtUtc = DateTimeOffset.UtcNow;
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(20);
        }

        throw new InvalidOperationException("the host did not get ready");
    }

    /// <summary>SIGKILL (Process.Kill on Linux): no shutdown hooks, no flush.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    /// <summary>Submits <paramref name="goal"/>; its id once the host answered 202.</summary>
    public async Task<string> SubmitAsync(JsonNode goal)
    {
        using var response = await Client.PostAsync(new Uri("/api/goals", UriKind.Relative), new StringContent(goal.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Accepted
            ? JsonNode.Parse(text)!["id"]!.GetValue<string>()
            : throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {text}");
    }

    /// <summary>The goal's view.</summary>
    public async Task<JsonNode> GetGoalAsync(string id) =>
        JsonNode.Parse(await Client.GetStringAsync(new Uri($"/api/goals/{id}", UriKind.Relative)))!;

    /// <summary>Polls the goal every <paramref name="interval"/> (50 ms by default) until it is finished.</summary>
    public async Task<JsonNode> WaitFinishedAsync(string id, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            var goal = await GetGoalAsync(id);
            if (goal["status"]!.GetValue<string>() is "Succeeded" or "Failed" or "Cancelled")
            {
                return goal;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException($"goal {id} did not finish");
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
            // Best effort.
        }
    }
}
