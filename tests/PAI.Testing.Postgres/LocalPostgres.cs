using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace PAI.Testing.Postgres;

/// <summary>
/// A throw-away PostgreSQL server from the machine's installation: <c>initdb</c> in a temporary folder, started with
/// <c>pg_ctl</c> on a free loopback port (Unix socket in the same folder), trust authentication for the local user.
/// When the current user is root (CI), the server runs as the <c>postgres</c> user through <c>runuser</c>, since
/// PostgreSQL refuses to run as root. Dispose stops it and deletes the folder.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private const string DirectoryPrefix = "pai-pg-";
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    private LocalPostgres(string bin, string directory, int port, bool asPostgresUser)
    {
        _bin = bin;
        Directory = directory;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    /// <summary>The temporary folder: <c>data/</c> (the cluster), the socket and <c>server.log</c>.</summary>
    public string Directory { get; }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The server log (for failure messages).</summary>
    public string LogFile => Path.Combine(Directory, "server.log");

    private string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The folder with <c>initdb</c> and <c>pg_ctl</c>, or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PAI_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(Path.Combine(fromEnvironment, "initdb")))
        {
            return fromEnvironment;
        }

        if (System.IO.Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        return null;
    }

    /// <summary>Why PostgreSQL cannot be started here, or null when it can.</summary>
    public static string? UnavailableReason()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return "PostgreSQL tests need Linux or macOS";
        }

        return FindBinaries() is null
            ? "PostgreSQL binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin, PATH or PAI_PG_BIN; install PostgreSQL (apt-get install postgresql) to run these tests"
            : null;
    }

    /// <summary>Creates a cluster in a new temporary folder and starts it.</summary>
    /// <param name="settings">Extra server settings (<c>-c name=value</c>), e.g. <c>fsync=off</c> for fast tests.</param>
    public static async Task<LocalPostgres> StartAsync(IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(UnavailableReason());
        var asPostgresUser = OperatingSystem.IsLinux() && Environment.UserName == "root";
        DeleteStaleFolders();
        var directory = Path.Combine(Path.GetTempPath(), DirectoryPrefix + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        if (asPostgresUser)
        {
            await RunAsync("chown", [SuperUser, directory], cancellationToken);
        }

        var server = new LocalPostgres(bin, directory, FreePort(), asPostgresUser);
        await server.RunToolAsync("initdb", ["-D", server.DataDirectory, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken);
        var conf = new StringBuilder()
            .AppendLine(CultureInfo($"port = {server.Port}"))
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine(CultureInfo($"unix_socket_directories = '{directory}'"))
            .AppendLine("max_connections = 300")
            .AppendLine("shared_buffers = 128MB")
            .AppendLine("log_min_messages = warning");
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            conf.AppendLine(CultureInfo($"{name} = '{value}'"));
        }

        await File.AppendAllTextAsync(Path.Combine(server.DataDirectory, "postgresql.conf"), conf.ToString(), cancellationToken);
        await server.StartServerAsync(cancellationToken);
        return server;
    }

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Database = database,
            Pooling = true,
            Timeout = 5,
        }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString()))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "", StringComparison.Ordinal)}\";", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionString(name);
    }

    /// <summary>Starts the server again after <see cref="StopServerAsync"/> (same port, same data).</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken = default) =>
        await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "start"], cancellationToken);

    /// <summary>Stops the server; <c>immediate</c> is a crash (no checkpoint), <c>fast</c> a clean shutdown.</summary>
    public async Task StopServerAsync(string mode = "fast", CancellationToken cancellationToken = default) =>
        await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", mode, "-w", "-t", "60", "stop"], cancellationToken);

    /// <summary>The server log so far.</summary>
    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync("immediate");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: temp folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort: temp folder.
        }
    }

    private Task RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_bin, tool);
        return _asPostgresUser
            ? RunAsync("runuser", ["-u", SuperUser, "--", path, .. arguments], cancellationToken)
            : RunAsync(path, arguments, cancellationToken);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    /// <summary>
    /// Removes folders of earlier servers that were stopped but not deleted (a test process that exited before its
    /// clean-up ran): no <c>postmaster.pid</c> means no server runs there; the age check spares one being created now.
    /// </summary>
    private static void DeleteStaleFolders()
    {
        foreach (var stale in System.IO.Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            try
            {
                if (!File.Exists(Path.Combine(stale, "data", "postmaster.pid"))
                    && System.IO.Directory.GetLastWriteTimeUtc(stale) < DateTime.UtcNow.AddMinutes(-10))
                {
                    System.IO.Directory.Delete(stale, recursive: true);
                }
            }
            catch (IOException)
            {
                // Someone else's, or busy: leave it.
            }
            catch (UnauthorizedAccessException)
            {
                // Someone else's: leave it.
            }
        }
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
