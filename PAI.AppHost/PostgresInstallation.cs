namespace PAI.AppHost;

/// <summary>
/// The machine's PostgreSQL server binaries (Debian's <c>postgresql</c> package or any <c>initdb</c> on the PATH), and
/// how to run them: PostgreSQL refuses to run as root, so when the AppHost is root (CI, containers) the server
/// tools run as the <c>postgres</c> user through <c>runuser</c>.
/// </summary>
public sealed class PostgresInstallation
{
    /// <summary>The operating-system user the server runs as when the AppHost is root.</summary>
    public const string ServiceUser = "postgres";

    private PostgresInstallation(string binDirectory, bool runAsServiceUser)
    {
        BinDirectory = binDirectory;
        RunAsServiceUser = runAsServiceUser;
    }

    /// <summary>The folder with <c>initdb</c>, <c>postgres</c> and <c>createdb</c>.</summary>
    public string BinDirectory { get; }

    /// <summary>True when the server tools must run as <see cref="ServiceUser"/> (the AppHost is root).</summary>
    public bool RunAsServiceUser { get; }

    /// <summary>Finds the binaries: <c>PAI_PG_BIN</c>, then the newest <c>/usr/lib/postgresql/*/bin</c>, then the PATH.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed; the message says how to install it.</exception>
    public static PostgresInstallation Find()
    {
        var bin = Candidates().FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, postgres) not found in PAI_PG_BIN, /usr/lib/postgresql/*/bin or the PATH; " +
                "install them (Debian/Ubuntu: apt-get install postgresql) and run the AppHost again.");
        return new PostgresInstallation(bin, OperatingSystem.IsLinux() && Environment.UserName == "root");
    }

    /// <summary>The command and leading arguments that run server tool <paramref name="tool"/> as the right user.</summary>
    public (string Command, string[] Arguments) ServerTool(string tool) =>
        RunAsServiceUser
            ? ("runuser", ["-u", ServiceUser, "--", Path.Combine(BinDirectory, tool)])
            : (Path.Combine(BinDirectory, tool), []);

    /// <summary>The path of client tool <paramref name="tool"/> (clients may run as any user, root included).</summary>
    public string ClientTool(string tool) => Path.Combine(BinDirectory, tool);

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("PAI_PG_BIN") is { Length: > 0 } configured)
        {
            yield return configured;
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            foreach (var version in Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            {
                yield return Path.Combine(version, "bin");
            }
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return directory;
        }
    }
}
