using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace PAI.Bench.Durability;

/// <summary>The real PAI host as a child process on one data folder: start, SIGKILL, start again.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    public const string ApiKey = "pai_bench_durability_key_0123456789abcdef";

    private Process? _process;

    public HostProcess()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "pai-bench-durability", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public HttpClient Client { get; }

    /// <summary>When the current process was started (Stopwatch ticks).</summary>
    public long StartedAt { get; private set; }

    /// <summary>When the current process first answered /readyz with 200 (Stopwatch ticks).</summary>
    public long ReadyAt { get; private set; }

    /// <summary><see cref="ReadyAt"/> as a wall-clock time, to compare with the host's own timestamps.</summary>
    public DateTimeOffset ReadyAtUtc { get; private set; }

    public string WorkspaceOf(string goalId) => Path.Combine(DataDirectory, "workspaces", goalId);

    public async Task StartAsync()
    {
        var dll = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PaiHostDll").Value!;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.GetFullPath(dll), "--urls", $"http://127.0.0.1:{Port}", "--data-dir", DataDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PAI_API_KEY"] = ApiKey;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
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

    public async Task<string> SubmitAsync(JsonNode goal)
    {
        using var response = await Client.PostAsync(new Uri("/api/goals", UriKind.Relative), new StringContent(goal.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Accepted
            ? JsonNode.Parse(text)!["id"]!.GetValue<string>()
            : throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {text}");
    }

    public async Task<JsonNode> WaitFinishedAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var goal = JsonNode.Parse(await Client.GetStringAsync(new Uri($"/api/goals/{id}", UriKind.Relative)))!;
            if (goal["status"]!.GetValue<string>() is "Succeeded" or "Failed" or "Cancelled")
            {
                return goal;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"goal {id} did not finish");
    }

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
