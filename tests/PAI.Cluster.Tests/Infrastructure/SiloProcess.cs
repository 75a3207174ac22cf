using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

using PAI.Testing;

namespace PAI.Cluster.Tests.Infrastructure;

/// <summary>
/// One PAI host process in cluster mode: its own HTTP and Orleans ports, a shared data folder (workspaces must be
/// visible to every silo on this machine) and the cluster's PostgreSQL. Can be killed (SIGKILL) or frozen (SIGSTOP).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>The admin key every silo is given through PAI_API_KEY (the first silo stores it; later ones find it).</summary>
    public const string ApiKey = "pai_test_key_0123456789abcdefghijklmnop";

    private readonly StringBuilder _output = new();
    private readonly string _name;
    private Process? _process;

    private SiloProcess(string name, string dataDirectory, string connectionString)
    {
        _name = name;
        DataDirectory = dataDirectory;
        ConnectionString = connectionString;
        Port = ProcessReadiness.FreePort();
        SiloPort = ProcessReadiness.FreePort();
        GatewayPort = ProcessReadiness.FreePort();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public string DataDirectory { get; }

    public string ConnectionString { get; }

    public int Port { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public HttpClient Client { get; }

    public int ProcessId => _process?.Id ?? 0;

    public bool HasExited => _process?.HasExited ?? true;

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

    /// <summary>Starts a silo and waits for /readyz.</summary>
    public static async Task<SiloProcess> StartAsync(string name, string dataDirectory, string connectionString, IDictionary<string, string>? environment = null)
    {
        var silo = new SiloProcess(name, dataDirectory, connectionString);
        await silo.StartProcessAsync(environment);
        return silo;
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    /// <summary>SIGSTOP: the process freezes with its sockets open, as in a long GC pause or a hung VM.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT: the frozen process runs again, unaware of the time that passed.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            await SignalAsync("CONT");
        }

        await KillAsync();
        Client.Dispose();
        _process?.Dispose();
    }

    private async Task StartProcessAsync(IDictionary<string, string>? environment)
    {
        var dll = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PaiHostDll").Value!;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.GetFullPath(dll), "--urls", $"http://127.0.0.1:{Port}", "--data-dir", DataDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["PAI_API_KEY"] = ApiKey;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__pai"] = ConnectionString;
        info.Environment["Orleans__ClusterId"] = "pai-test";
        info.Environment["Orleans__ServiceId"] = "pai-test";
        info.Environment["Orleans__Endpoints__SiloPort"] = SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Orleans__Endpoints__GatewayPort"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__PAI"] = "Information";
        info.Environment["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitReadyAsync();
    }

    private async Task SignalAsync(string signal)
    {
        if (_process is not { HasExited: false } p)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        await kill.WaitForExitAsync();
    }

    private Task WaitReadyAsync() =>
        ProcessReadiness.WaitReadyAsync(_process!, Client.BaseAddress!, TimeSpan.FromSeconds(90), $"silo {_name}", () => Output);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append('[').Append(DateTime.UtcNow.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)).Append("] ").AppendLine(line);
        }
    }
}
